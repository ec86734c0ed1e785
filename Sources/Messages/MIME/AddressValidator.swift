import Foundation

/// Checks caller-supplied mailboxes before anything reaches a header: one plain address per entry,
/// no CR or LF anywhere (README "SMTP timeouts, hung relays, and outcomes").
///
/// The address syntax Herald accepts is deliberately narrower than RFC 5322's, so every mail
/// system reads it the same way: `local@domain` in ASCII, where the local part is a dot-atom
/// (RFC 5322 `atext` runs joined by single dots; no quoted strings, comments or `=?` that could
/// read as an RFC 2047 encoded-word) of at most 64 bytes, and the domain is dot-separated LDH
/// labels (letters, digits, inner hyphens; IDNs as `xn--` A-labels) of at most 63 bytes each,
/// 253 in all; the whole address is at most 254 bytes. No IP literals.
///
/// A display name is one-line text (no line breaks or control characters) of at most 200 UTF-8
/// bytes, so 50 recipients at the longest names still make a `To` header of about 50 KB: under the
/// 100 KiB header limit common mail servers apply to a whole message header (Postfix truncates beyond it).
package enum AddressValidator {
    /// The longest display name accepted, in UTF-8 bytes (`Zoë` is 4).
    package static let maximumDisplayNameBytes = 200
    private static let atomExtras = Set("!#$%&'*+-/=?^_`{|}~".utf8)
    private static let notAnAddress = "is not a single e-mail address like \"name@example.com\""

    /// Nil when `name` is acceptable as a display name; otherwise why not. A well-formed name over
    /// the byte limit is `unprocessable` (422): JSON Schema counts characters, not bytes, so the
    /// published contract can only promise 200 characters.
    package static func displayNameProblem(_ name: String) -> (text: String, kind: FieldProblem.Kind)? {
        if let problem = SchemaValidator.textProblem(name) { return (problem, .invalid) }
        if name.utf8.count > maximumDisplayNameBytes { return ("is longer than \(maximumDisplayNameBytes) bytes of UTF-8", .unprocessable) }
        return nil
    }

    /// Nil when `email` is exactly one address of the syntax above; otherwise why not.
    /// One pass over each part's bytes, without splitting them into arrays of atoms and labels
    /// (that was most of composing a message's headers).
    package static func problem(with email: String) -> String? {
        if email.containsLineBreak {
            return "must not contain a line break (CR or LF): it could inject an e-mail header"
        }
        let bytes = Array(email.utf8)
        guard bytes.count <= 254, let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1,
              bytes.firstIndex(of: UInt8(ascii: "@")) == at
        else { return notAnAddress }
        guard at <= 64, isDotAtom(bytes[..<at]) else { return notAnAddress }
        for index in 0..<(at - 1) where bytes[index] == UInt8(ascii: "=") && bytes[index + 1] == UInt8(ascii: "?") {
            return "must not contain \"=?\" in its local part: other mail software reads it as an encoded word"
        }
        return bytes.count - at - 1 <= 253 && isDomain(bytes[(at + 1)...]) ? nil : notAnAddress
    }

    /// `atext` runs joined by single dots, none empty.
    private static func isDotAtom(_ local: ArraySlice<UInt8>) -> Bool {
        var atomLength = 0
        for byte in local {
            if byte == UInt8(ascii: ".") {
                guard atomLength > 0 else { return false }
                atomLength = 0
            } else {
                guard isAlphanumeric(byte) || atomExtras.contains(byte) else { return false }
                atomLength += 1
            }
        }
        return atomLength > 0
    }

    /// Dot-separated labels of letters, digits and inner hyphens, each 1 to 63 bytes.
    private static func isDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        var labelLength = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in domain {
            if byte == UInt8(ascii: ".") {
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labelLength = 0
            } else {
                guard isAlphanumeric(byte) || (byte == UInt8(ascii: "-") && previous != UInt8(ascii: ".")) else { return false }
                labelLength += 1
                guard labelLength <= 63 else { return false }
            }
            previous = byte
        }
        return labelLength > 0 && previous != UInt8(ascii: "-")
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Decodes the `to` list of a request (`[{"email":…,"name":…}]`), reporting every problem with its path.
    package static func recipients(_ json: JSONValue, at path: FieldPath = FieldPath("to")) throws(FieldProblems) -> [EmailAddress] {
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
    package static func mailbox(_ json: JSONValue, at path: FieldPath) throws(FieldProblems) -> EmailAddress {
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
            if let problem = displayNameProblem(text) {
                problems.append(FieldProblem(path: path.appending("name"), problem: problem.text, kind: problem.kind))
            }
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
