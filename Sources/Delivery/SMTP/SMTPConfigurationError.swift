/// Why `HERALD_SMTP_URL` cannot be used. Texts never include the password.
public enum SMTPConfigurationError: Error, CustomStringConvertible, Sendable, Hashable {
    case invalidURL(String)
    case unsupportedScheme(String)
    case invalidStartTLS(String)
    case unknownParameter(String)
    /// A password file was given for a URL that has no user name to authenticate as.
    case passwordWithoutUser
    /// The URL carries a password and a password file was given too.
    case passwordTwice

    public var description: String {
        switch self {
        case .invalidURL(let url): "HERALD_SMTP_URL: not a URL with a host: \(url)"
        case .unsupportedScheme(let scheme): "HERALD_SMTP_URL: scheme must be smtp or smtps, not \(scheme)"
        case .invalidStartTLS(let value): "HERALD_SMTP_URL: starttls must be required or opportunistic (smtp:// only), not \(value)"
        case .unknownParameter(let name): "HERALD_SMTP_URL: unknown parameter \(name)"
        case .passwordWithoutUser: "HERALD_SMTP_URL: a password file needs a user name in the URL (smtp://user@host:587)"
        case .passwordTwice: "HERALD_SMTP_URL: has a password, and a password file (HERALD_SMTP_PASSWORD_FILE) gives one too; keep only the file"
        }
    }
}
