/// A mailbox: an address with an optional display name, as callers send it and as the outbox records it.
public struct EmailAddress: Codable, Sendable, Hashable {
    public var email: String
    public var name: String?

    public init(email: String, name: String? = nil) {
        self.email = email
        self.name = name
    }
}
