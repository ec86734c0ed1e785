import Foundation

/// `HERALD_FROM`: `Name <address>` or a bare address, checked so no header injection is possible.
public struct SenderAddress: Sendable, Equatable, CustomStringConvertible {
    public let email: String
    public let name: String?

    public init(parsing text: String) throws(ConfigurationError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.contains("\r"), !trimmed.contains("\n") else {
            throw ConfigurationError(.from, "must not contain a line break")
        }
        var email = trimmed
        var name: String?
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let display = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            name = display.isEmpty ? nil : display.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !email.contains(where: { $0 == " " || $0 == "<" || $0 == ">" || $0 == "," }) else {
            throw ConfigurationError(.from, "expected \"Name <address@domain>\" or an address, got \"\(text)\"")
        }
        self.email = email
        self.name = name
    }

    public var description: String { name.map { "\($0) <\(email)>" } ?? email }
}

