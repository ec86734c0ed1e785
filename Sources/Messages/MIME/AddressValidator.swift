import Foundation

/// Checks caller-supplied mailboxes before anything reaches a header: one plain address per entry,
/// no CR or LF anywhere (DESIGN §9).
public enum AddressValidator {
    private static let localExtras = Set("!#$%&'*+-/=?^_`{|}~.".utf8)

    /// Nil when `email` is exactly one ASCII `local@domain` address; otherwise why not.
    public static func problem(with email: String) -> String? {
        if email.containsLineBreak {
            return "must not contain a line break (CR or LF): it could inject an e-mail header"
        }
        let bytes = Array(email.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
              bytes.firstIndex(of: UInt8(ascii: "@")) == at
        else { return "is not a single e-mail address like \"name@example.com\"" }
        let local = bytes[..<at]
        let domain = bytes[(at + 1)...]
        let localOK = local.count <= 64 && local.first != UInt8(ascii: ".") && local.last != UInt8(ascii: ".")
            && local.allSatisfy { isAlphanumeric($0) || localExtras.contains($0) }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let domainOK = labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
        return localOK && domainOK ? nil : "is not a single e-mail address like \"name@example.com\""
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Decodes the `to` list of a request (`[{"email":…,"name":…}]`), reporting every problem with its path.
    public static func recipients(_ json: JSONValue, at path: FieldPath = FieldPath("to")) throws(FieldProblems) -> [EmailAddress] {
        var problems = FieldProblems()
        guard case .array(let entries) = json else {
            throw FieldProblems([FieldProblem(path: path, problem: "expected a list of {\"email\",\"name\"}, got \(json.typeName)")])
        }
        if entries.isEmpty { problems.append(FieldProblem(path: path, problem: "must not be empty")) }
        if entries.count > 50 { problems.append(FieldProblem(path: path, problem: "has more than 50 recipients")) }
        var addresses: [EmailAddress] = []
        for (index, entry) in entries.prefix(50).enumerated() {
            let entryPath = path.appending(index: index)
            do {
                addresses.append(try mailbox(entry, at: entryPath))
            } catch {
                problems.append(contentsOf: error)
            }
        }
        guard problems.isEmpty else { throw problems }
        return addresses
    }

    /// One `{"email","name"}` object.
    public static func mailbox(_ json: JSONValue, at path: FieldPath) throws(FieldProblems) -> EmailAddress {
        var problems = FieldProblems()
        guard case .object(let members) = json else {
            throw FieldProblems([FieldProblem(path: path, problem: "expected an object {\"email\",\"name\"}, got \(json.typeName)")])
        }
        var email = ""
        switch members["email"] {
        case .string(let text)?:
            email = text
            if let problem = problem(with: text) { problems.append(FieldProblem(path: path.appending("email"), problem: problem)) }
        case nil, .null?:
            problems.append(FieldProblem(path: path.appending("email"), problem: "is required"))
        case let other?:
            problems.append(FieldProblem(path: path.appending("email"), problem: "expected a string, got \(other.typeName)"))
        }
        var name: String?
        switch members["name"] {
        case .string(let text)?:
            name = text
            if let problem = SchemaValidator.textProblem(text) { problems.append(FieldProblem(path: path.appending("name"), problem: problem)) }
        case nil, .null?:
            break
        case let other?:
            problems.append(FieldProblem(path: path.appending("name"), problem: "expected a string, got \(other.typeName)"))
        }
        for key in members.keys.sorted() where key != "email" && key != "name" {
            problems.append(FieldProblem(path: path.appending(key), problem: "is not a field of a recipient"))
        }
        guard problems.isEmpty else { throw problems }
        return EmailAddress(email: email, name: name)
    }
}

extension AddressValidator {
    /// Reads a configured mailbox such as `HERALD_FROM` (`Herald <no-reply@localhost>` or a bare address).
    public static func parseMailbox(_ text: String) -> EmailAddress? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let open = trimmed.lastIndex(of: "<"), trimmed.hasSuffix(">") {
            let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 { name = String(name.dropFirst().dropLast()) }
            guard problem(with: email) == nil, SchemaValidator.textProblem(name) == nil || name.isEmpty else { return nil }
            return EmailAddress(email: email, name: name.isEmpty ? nil : name)
        }
        return problem(with: trimmed) == nil ? EmailAddress(email: trimmed) : nil
    }
}
