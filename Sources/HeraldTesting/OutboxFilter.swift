/// Which outbox messages a test is looking for; every criterion given must match.
public struct OutboxFilter: Sendable, Hashable, CustomStringConvertible {
    /// A recipient's address (case-insensitive).
    public var to: String?
    /// The message kind, e.g. `installment-paid`.
    public var message: String?
    public var key: String?
    public var locale: String?

    public init(to: String? = nil, message: String? = nil, key: String? = nil, locale: String? = nil) {
        self.to = to
        self.message = message
        self.key = key
        self.locale = locale
    }

    public func matches(_ record: OutboxMessage) -> Bool {
        if let to, !record.to.contains(where: { $0.email.lowercased() == to.lowercased() }) { return false }
        if let message, record.message != message { return false }
        if let key, record.key != key { return false }
        if let locale, record.locale != locale { return false }
        return true
    }

    public var description: String {
        let parts = [("to", to), ("message", message), ("key", key), ("locale", locale)].compactMap { name, value in
            value.map { "\(name)=\($0)" }
        }
        return parts.isEmpty ? "any message" : parts.joined(separator: " ")
    }
}
