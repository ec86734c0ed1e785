import Foundation
import Messages

/// `HERALD_FROM`: `Name <address>` or a bare address, checked so no header injection is possible.
public struct SenderAddress: Sendable, Equatable, CustomStringConvertible {
    public let email: String
    public let name: String?

    /// Parsed by the catalog's own mailbox parser, so an address accepted here is one the composer
    /// accepts on every send.
    public init(parsing text: String) throws(ConfigurationError) {
        guard !text.contains(where: \.isNewline) else {
            throw ConfigurationError(.from, "must not contain a line break")
        }
        let mailbox: EmailAddress
        do {
            mailbox = try AddressValidator.parseMailbox(text)
        } catch {
            throw ConfigurationError(.from, "expected \"Name <address@domain>\" or an address: \(error)")
        }
        self.email = mailbox.email
        self.name = mailbox.name
    }

    public var description: String { name.map { "\($0) <\(email)>" } ?? email }
}

