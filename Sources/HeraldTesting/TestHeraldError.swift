import Herald

/// Why a `TestHerald` could not start or answer.
public enum TestHeraldError: Error, CustomStringConvertible, Sendable {
    case directory(String, String)
    case configuration(ConfigurationErrors)
    case service(ServiceError)
    /// `.router` mode: Herald's request parser refused the request (a `.live` server would answer it with a 4xx/5xx).
    case unparsable(String)
    /// `.live` mode: the connection failed, or closed before a whole response.
    case connection(String)

    public var description: String {
        switch self {
        case .directory(let path, let detail): "cannot create the test directory \(path): \(detail)"
        case .configuration(let errors): "invalid test configuration: \(errors)"
        case .service(let error): "Herald did not start: \(error)"
        case .unparsable(let detail): "the request does not parse: \(detail)"
        case .connection(let detail): "no response from Herald on 127.0.0.1: \(detail)"
        }
    }
}
