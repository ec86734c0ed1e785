/// A delivery setting that cannot be used, naming the variable.
public enum DeliveryConfigurationError: Error, CustomStringConvertible, Sendable, Hashable {
    case missing(String, because: String)
    case invalid(String, value: String, expected: String)
    case smtp(SMTPConfigurationError)
    case secretFile(String, SecretFile.Problem)

    public var description: String {
        switch self {
        case .missing(let name, let reason): "\(name) is required when \(reason)"
        case .invalid(let name, let value, let expected): "\(name)=\(value): expected \(expected)"
        case .smtp(let error): error.description
        case .secretFile(let name, let problem): "\(name): \(problem)"
        }
    }
}
