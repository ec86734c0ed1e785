import Foundation

/// A PostgreSQL database as `HERALD_STORE` names it: a libpq URI
/// `postgres://user:password@host:port/dbname?sslmode=…` (`postgresql://` too), taken apart so that
/// libpq gets keyword/value parameters and nothing Herald prints ever holds the password.
public struct PostgresLocation: Hashable, Sendable, CustomStringConvertible {
    public var user: String?
    /// From the URI or from `HERALD_STORE_PASSWORD_FILE`; never shown.
    public var password: String?
    public var host: String?
    public var port: Int?
    public var database: String?
    /// The URI's query parameters (`sslmode`, `connect_timeout`, …), passed to libpq as given.
    public var options: [String: String]

    public init(user: String? = nil, password: String? = nil, host: String? = nil, port: Int? = nil, database: String? = nil, options: [String: String] = [:]) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.options = options
    }

    /// Parses a `postgres://` or `postgresql://` URI; errors never echo the password.
    public init(uri text: String) throws(StoreLocationError) {
        let shown = "postgres://…"
        guard let components = URLComponents(string: text) else {
            throw StoreLocationError(text: shown, reason: "not a valid URI; expected postgres://user:password@host:port/dbname?sslmode=…")
        }
        let path = components.percentEncodedPath
        guard path.isEmpty || path.hasPrefix("/"), !path.dropFirst().contains("/") else {
            throw StoreLocationError(text: shown, reason: "the path must be one database name, e.g. /herald")
        }
        var options: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard let value = item.value, !item.name.isEmpty else {
                throw StoreLocationError(text: shown, reason: "query parameter \(item.name) needs a value, e.g. sslmode=require")
            }
            guard !["password", "user", "host", "port", "dbname", "hostaddr"].contains(item.name) else {
                throw StoreLocationError(text: shown, reason: "give \(item.name) in the URI itself, not as a query parameter")
            }
            options[item.name] = value
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw StoreLocationError(text: shown, reason: "port \(port) is out of range (1-65535)")
        }
        let database = String(path.dropFirst()).removingPercentEncoding
        self.init(
            user: components.user.flatMap { $0.isEmpty ? nil : $0 }, password: components.password,
            host: components.host.flatMap { $0.isEmpty ? nil : $0 }, port: components.port,
            database: database.flatMap { $0.isEmpty ? nil : $0 }, options: options)
    }

    /// The parameters libpq connects with.
    var parameters: [PostgresParameter] {
        var parameters: [PostgresParameter] = []
        if let host { parameters.append(PostgresParameter(keyword: "host", value: host)) }
        if let port { parameters.append(PostgresParameter(keyword: "port", value: String(port))) }
        if let database { parameters.append(PostgresParameter(keyword: "dbname", value: database)) }
        if let user { parameters.append(PostgresParameter(keyword: "user", value: user)) }
        if let password { parameters.append(PostgresParameter(keyword: "password", value: password)) }
        for (keyword, value) in options.sorted(by: { $0.key < $1.key }) { parameters.append(PostgresParameter(keyword: keyword, value: value)) }
        return parameters
    }

    /// The URI without the password, as logs and configuration summaries show it.
    public var description: String {
        var text = "postgres://"
        if let user { text += (user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user) + "@" }
        if let host { text += host.contains(":") ? "[\(host)]" : host }
        if let port { text += ":\(port)" }
        text += "/" + (database ?? "")
        if !options.isEmpty { text += "?" + options.sorted(by: { $0.key < $1.key }).map { "\($0.key)=\($0.value)" }.joined(separator: "&") }
        return text
    }
}
