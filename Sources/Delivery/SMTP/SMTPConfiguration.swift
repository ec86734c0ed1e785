import Foundation

/// Where and how `SMTPTransport` connects, parsed from `HERALD_SMTP_URL` (README "Configuration"):
/// `smtp://user:pass@host:587` (STARTTLS required), `smtps://host:465` (implicit TLS), and
/// `?starttls=opportunistic` only for a local relay that may not offer TLS.
public struct SMTPConfiguration: Sendable, Hashable, CustomStringConvertible {
    public enum Security: String, Sendable, Hashable {
        /// `smtp://`: refuse to send unless the server upgrades with STARTTLS.
        case startTLSRequired
        /// `smtp://…?starttls=opportunistic`: use STARTTLS when offered, else send in clear (local relays only).
        case startTLSOpportunistic
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
    }

    /// `scheme://host[:port][/ehlo-name]`, without credentials or query, as libcurl gets it.
    public var serverURL: String
    public var security: Security
    public var username: String?
    public var password: String?
    /// Extra CA bundle (PEM) to trust, `HERALD_SMTP_CA_FILE`; nil uses the system trust store.
    public var caFile: String?
    /// The most the connection may take to be ready: TCP, TLS, the greeting, EHLO, STARTTLS and AUTH.
    public var connectTimeout: TimeInterval
    /// The most any one server reply may take, the reply to the final `.` included.
    public var replyTimeout: TimeInterval
    /// The most a whole send of a small message may take; larger ones get `bytes / minimumSpeed` more.
    public var timeout: TimeInterval
    /// Bytes per second below which an upload that lasts `replyTimeout` is abandoned.
    public var minimumSpeed: Int
    /// False opens a new connection for every message (benchmarks compare the two).
    public var reuseConnections: Bool
    /// Easy handles (each with its connection) kept for reuse: the worker's concurrency.
    public var poolSize: Int

    public init(
        url: String, caFile: String? = nil, connectTimeout: TimeInterval = 10, replyTimeout: TimeInterval = 30, timeout: TimeInterval = 60,
        minimumSpeed: Int = 10_240, reuseConnections: Bool = true, poolSize: Int = 4, password: String? = nil
    ) throws(SMTPConfigurationError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty
        else { throw .invalidURL(Self.masked(url)) }
        let starttls = components.queryItems?.first { $0.name == "starttls" }?.value
        if let unknown = components.queryItems?.first(where: { $0.name != "starttls" }) {
            throw .unknownParameter(unknown.name)
        }
        switch (scheme, starttls) {
        case ("smtp", nil), ("smtp", "required"): security = .startTLSRequired
        case ("smtp", "opportunistic"): security = .startTLSOpportunistic
        case ("smtps", nil): security = .implicitTLS
        case ("smtp", let other?), ("smtps", let other?): throw .invalidStartTLS(other)
        default: throw .unsupportedScheme(scheme)
        }
        var server = scheme + "://" + (host.contains(":") ? "[\(host)]" : host)
        if let port = components.port { server += ":\(port)" }
        if !components.path.isEmpty, components.path != "/" { server += components.path }
        serverURL = server
        username = components.user.flatMap { $0.isEmpty ? nil : $0 }
        switch (components.password, password) {
        case (let inURL?, nil): self.password = inURL
        case (nil, let given?):
            guard username != nil else { throw .passwordWithoutUser }
            self.password = given
        case (nil, nil): self.password = nil
        case (_?, _?): throw .passwordTwice
        }
        self.caFile = caFile.flatMap { $0.isEmpty ? nil : $0 }
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.timeout = timeout
        self.minimumSpeed = max(1, minimumSpeed)
        self.reuseConnections = reuseConnections
        self.poolSize = max(1, poolSize)
    }

    /// The bound on a whole send of `bytes`: `timeout`, plus the time the body takes at `minimumSpeed`.
    func transactionTimeout(bytes: Int) -> TimeInterval {
        timeout + Double(max(0, bytes)) / Double(max(1, minimumSpeed))
    }

    /// Milliseconds for libcurl, saturating: a huge setting means "very long", never a crash.
    static func milliseconds(_ seconds: TimeInterval) -> Int {
        let value = (seconds * 1000).rounded(.up)
        guard value >= 1 else { return 1 }  // NaN too; 0 would mean "no limit" to libcurl
        return value < Double(Int32.max) ? Int(value) : Int(Int32.max)
    }

    /// Whole seconds (at least 1) for libcurl options that take no milliseconds, saturating.
    static func wholeSeconds(_ seconds: TimeInterval) -> Int {
        max(1, (milliseconds(seconds) + 999) / 1000)
    }

    /// For logs: never the password.
    public var description: String {
        let user = username.map { "\($0):***@" } ?? ""
        let scheme = serverURL.prefix { $0 != ":" }
        let rest = serverURL.dropFirst(scheme.count + 3)
        return "\(scheme)://\(user)\(rest) (\(security.rawValue), ca: \(caFile ?? "system"))"
    }

    static func masked(_ url: String) -> String {
        guard let at = url.lastIndex(of: "@"), let schemeEnd = url.range(of: "://") else { return url }
        return String(url[..<schemeEnd.upperBound]) + "***" + String(url[at...])
    }
}
