import Foundation

extension AddressValidator {
    /// Reads a mailbox a person typed (`HERALD_FROM`, `--to`): `address`, `<address>`, or
    /// `display name <address>`, where the name is RFC 5322 words: runs of text without specials,
    /// or quoted strings whose quoted pairs (`\"`, `\\`) are unescaped here, so the name is kept
    /// as meant and `MailboxFormatter` quotes or encodes it again when it writes a header.
    package static func parseMailbox(_ text: String) throws(MailboxSyntaxError) -> EmailAddress {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            if let problem = problem(with: trimmed) { throw MailboxSyntaxError(text: text, problem: "the address " + problem) }
            return EmailAddress(email: trimmed)
        }
        let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
        if let problem = problem(with: email) { throw MailboxSyntaxError(text: text, problem: "the address " + problem) }
        let name = try displayName(trimmed[..<open], in: text)
        if let name, let problem = displayNameProblem(name) {
            throw MailboxSyntaxError(text: text, problem: "the display name " + problem.text)
        }
        return EmailAddress(email: email, name: name)
    }

    /// Characters that end an unquoted word (RFC 5322 `specials`, less `.`, which names such as
    /// `J. Doe` use and RFC 5322's obsolete phrase syntax allows).
    private static let specials = Set("()<>[]:;@\\,\"".unicodeScalars)

    /// The words of a phrase joined by single spaces; nil for an empty phrase.
    private static func displayName(_ phrase: Substring, in text: String) throws(MailboxSyntaxError) -> String? {
        var words: [String] = []
        var scalars = phrase.unicodeScalars[...]
        while let first = scalars.first {
            if first == " " || first == "\t" {
                scalars.removeFirst()
            } else if first == "\"" {
                scalars.removeFirst()
                var word = ""
                var closed = false
                while let scalar = scalars.popFirst() {
                    if scalar == "\"" {
                        closed = true
                        break
                    }
                    if scalar == "\\" {
                        guard let quoted = scalars.popFirst() else { break }
                        word.unicodeScalars.append(quoted)
                    } else {
                        word.unicodeScalars.append(scalar)
                    }
                }
                guard closed else { throw MailboxSyntaxError(text: text, problem: "the display name has an unterminated quoted string") }
                words.append(word)
            } else {
                var word = ""
                while let scalar = scalars.first, scalar != " ", scalar != "\t", scalar != "\"" {
                    guard !specials.contains(scalar) else {
                        throw MailboxSyntaxError(text: text, problem: "put a display name containing \(scalar) in double quotes")
                    }
                    word.unicodeScalars.append(scalar)
                    scalars.removeFirst()
                }
                words.append(word)
            }
        }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}

/// A typed mailbox (`HERALD_FROM`, `--to`) that is not one Herald can write safely.
package struct MailboxSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    package let text: String
    package let problem: String

    package var description: String { "\"\(text)\": \(problem)" }
}
