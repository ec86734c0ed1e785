import Foundation

/// `HERALD_SMTP_URL`: `smtp://user:pass@host:587` (STARTTLS required) or `smtps://host:465`;
/// `?starttls=opportunistic` relaxes STARTTLS for local relays only.
public struct SMTPURL: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        /// `smtp://`: STARTTLS required.
        case startTLS
        /// `smtp://…?starttls=opportunistic`: STARTTLS when offered.
        case opportunisticStartTLS
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
    }

    /// The URL as configured (contains the password: never log it, use `masked`).
    public let raw: String
    public let host: String
    public let port: Int
    public let username: String?
    public let password: String?
    public let security: Security

    public init(parsing text: String) throws(ConfigurationError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            throw ConfigurationError(.smtpURL, "not a URL (expected smtp://user:pass@host:587 or smtps://host:465)")
        }
        guard scheme == "smtp" || scheme == "smtps" else {
            throw ConfigurationError(.smtpURL, "scheme must be smtp or smtps, got \(scheme)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw ConfigurationError(.smtpURL, "has no host")
        }
        let starttls = components.queryItems?.first { $0.name == "starttls" }?.value
        switch (scheme, starttls) {
        case ("smtps", nil): security = .implicitTLS
        case ("smtp", nil), ("smtp", "required"?): security = .startTLS
        case ("smtp", "opportunistic"?): security = .opportunisticStartTLS
        case (_, let value?): throw ConfigurationError(.smtpURL, "starttls=\(value) is not supported (use required or opportunistic with smtp://)")
        default: throw ConfigurationError(.smtpURL, "unsupported combination")
        }
        if let others = components.queryItems?.filter({ $0.name != "starttls" }), let first = others.first {
            throw ConfigurationError(.smtpURL, "unknown parameter \(first.name)")
        }
        raw = text
        self.host = host
        port = components.port ?? (scheme == "smtps" ? 465 : 587)
        username = components.user?.removingPercentEncoding
        password = components.password?.removingPercentEncoding
    }

    /// The URL with the password replaced by `***`.
    public var masked: String {
        var components = URLComponents(string: raw)
        if components?.password != nil { components?.password = "***" }
        return components?.string ?? "smtp://***"
    }
}
