/// A setting that cannot be used, named the way the operator set it.
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let setting: ConfigurationSetting
    public let problem: String

    public init(_ setting: ConfigurationSetting, _ problem: String) {
        self.setting = setting
        self.problem = problem
    }

    public var description: String { "\(setting.label): \(problem)" }
}

/// Every configuration problem at once, so an operator fixes them in one go.
public struct ConfigurationErrors: Error, Sendable, Equatable, CustomStringConvertible {
    public let errors: [ConfigurationError]

    public var description: String {
        "invalid configuration:\n" + errors.map { "  \($0.description)" }.joined(separator: "\n")
    }
}
