import Foundation

/// Checks a JSON value against a `Schema` and collects every problem with its field path, so a
/// caller fixes all of them in one round trip instead of one per request.
package enum SchemaValidator {
    /// Longest text accepted in a one-line field (in Unicode scalars, so combining marks count and
    /// no field can exceed 4,000 UTF-8 bytes), and most rows accepted in a list.
    static let maximumTextLength = 1_000
    static let maximumListCount = 500

    package static func validate(_ value: JSONValue, against schema: Schema, at path: FieldPath) -> FieldProblems {
        var problems = FieldProblems()
        validateObject(value, schema, { path }, &problems)
        return problems
    }

    // Paths are passed as closures and only written out for a problem: building the text of every
    // field's path was a third of checking a context.

    private static func validateObject(_ value: JSONValue, _ schema: Schema, _ path: () -> FieldPath, _ problems: inout FieldProblems) {
        guard case .object(let members) = value else {
            problems.append(FieldProblem(path: path(), problem: "expected an object, got \(value.typeName)"))
            return
        }
        for field in schema.fields {
            guard let member = members[field.name], member != .null else {
                if field.isRequired { problems.append(FieldProblem(path: path().appending(field.name), problem: "is required")) }
                continue
            }
            // An optional text sent as "" means "none" (a greeting without a name), not an error.
            if !field.isRequired, member == .string(""), field.type == .text || field.type == .cardDigits { continue }
            validateValue(member, field.type, { path().appending(field.name) }, &problems)
        }
        if members.keys.contains(where: { schema.field(named: $0) == nil }) {
            for name in members.keys.sorted() where schema.field(named: name) == nil {
                problems.append(FieldProblem(path: path().appending(name), problem: "is not a field of this message"))
            }
        }
    }

    private static func validateValue(_ value: JSONValue, _ type: FieldType, _ path: () -> FieldPath, _ problems: inout FieldProblems) {
        func expected(_ what: String) {
            problems.append(FieldProblem(path: path(), problem: "expected \(what), got \(value.typeName)"))
        }
        switch type {
        case .text, .computedText:
            guard case .string(let text) = value else { return expected("a string") }
            if let problem = textProblem(text) { problems.append(FieldProblem(path: path(), problem: problem)) }
        case .cardDigits:
            guard case .string(let text) = value else { return expected("a string") }
            if text.utf8.count != 4 || !text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) {
                problems.append(FieldProblem(path: path(), problem: "must be exactly 4 digits"))
            }
        case .positiveInteger:
            guard let number = value.integerValue else { return expected("an integer") }
            if number < 1 { problems.append(FieldProblem(path: path(), problem: "must be 1 or more")) }
        case .boolean:
            guard case .bool = value else { return expected("a boolean") }
        case .money:
            validateMoney(value, path, &problems)
        case .day:
            guard case .string(let text) = value else { return expected("a string \"YYYY-MM-DD\"") }
            do { _ = try Day(parsing: text) } catch { problems.append(FieldProblem(path: path(), problem: error.description)) }
        case .timestamp:
            guard case .string(let text) = value else { return expected("an RFC 3339 string") }
            do { _ = try Timestamp(parsing: text) } catch { problems.append(FieldProblem(path: path(), problem: error.description, kind: error.kind)) }
        case .link:
            guard case .string(let text) = value else { return expected("a URL string") }
            do { _ = try WebLink(parsing: text) } catch { problems.append(FieldProblem(path: path(), problem: error.description)) }
        case .installmentState:
            guard case .string(let text) = value else { return expected("a string") }
            if InstallmentState(rawValue: text) == nil {
                let states = InstallmentState.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(FieldProblem(path: path(), problem: "unknown state \"\(text)\" (expected one of \(states))"))
            }
        case .list(let itemSchema):
            guard case .array(let items) = value else { return expected("a list") }
            if items.isEmpty { problems.append(FieldProblem(path: path(), problem: "must not be empty")) }
            if items.count > maximumListCount {
                problems.append(FieldProblem(path: path(), problem: "has more than \(maximumListCount) entries"))
                return
            }
            for (index, item) in items.enumerated() {
                validateObject(item, itemSchema, { path().appending(index: index) }, &problems)
            }
        case .object(let schema):
            validateObject(value, schema, path, &problems)
        }
    }

    private static func validateMoney(_ value: JSONValue, _ path: () -> FieldPath, _ problems: inout FieldProblems) {
        guard case .object(let members) = value else {
            problems.append(FieldProblem(path: path(), problem: "expected an object {\"amount\":\"12.50\",\"currency\":\"EUR\"}, got \(value.typeName)"))
            return
        }
        var amountText: String?
        var currency: Currency?
        switch members["amount"] {
        case nil, .null?: problems.append(FieldProblem(path: path().appending("amount"), problem: "is required"))
        case .string(let text)?: amountText = text
        case let other?:
            problems.append(FieldProblem(path: path().appending("amount"),
                                         problem: "expected a decimal string like \"12.50\", got \(other.typeName)"))
        }
        switch members["currency"] {
        case nil, .null?: problems.append(FieldProblem(path: path().appending("currency"), problem: "is required"))
        case .string(let code)?:
            currency = Currency(code: code)
            if currency == nil {
                problems.append(FieldProblem(path: path().appending("currency"), problem: "unknown currency \"\(code)\"", kind: .unprocessable))
            }
        case let other?:
            problems.append(FieldProblem(path: path().appending("currency"), problem: "expected an ISO 4217 code, got \(other.typeName)"))
        }
        if members.keys.contains(where: { $0 != "amount" && $0 != "currency" }) {
            for name in members.keys.sorted() where name != "amount" && name != "currency" {
                problems.append(FieldProblem(path: path().appending(name), problem: "is not a field of money"))
            }
        }
        guard let amountText else { return }
        guard let currency else {
            if Money.parseDecimal(amountText) == nil {
                problems.append(FieldProblem(path: path().appending("amount"), problem: MoneyError.notADecimal(amountText).description))
            }
            return
        }
        do {
            _ = try Money(parsing: amountText, currency: currency)
        } catch {
            problems.append(FieldProblem(path: path().appending("amount"), problem: error.description, kind: error.kind))
        }
    }

    /// Nil when `text` is acceptable in a one-line field; otherwise why not.
    static func textProblem(_ text: String) -> String? {
        // One pass over the scalars; the answers keep the order of the checks (line break first).
        var hasLineBreak = false
        var hasControl = false
        var hasNonWhitespace = false
        var count = 0
        for scalar in text.unicodeScalars {
            count += 1
            let value = scalar.value
            if value == 0x0D || value == 0x0A || value == 0x2028 || value == 0x2029 {
                hasLineBreak = true
            } else if value < 0x20 || (0x7F...0x9F).contains(value) {
                // C0 and C1 controls and DEL: Unicode's "Cc" category, tested without a property lookup.
                hasControl = true
            }
            // What `trimmingCharacters(in: .whitespaces)` trims: space and tab, and Unicode's space separators.
            if !hasNonWhitespace, value != 0x20, value != 0x09, value < 0x80 || !CharacterSet.whitespaces.contains(scalar) {
                hasNonWhitespace = true
            }
        }
        if hasLineBreak { return "must not contain a line break (CR or LF): it could inject an e-mail header" }
        if hasControl { return "must not contain control characters" }
        if !hasNonWhitespace { return "must not be empty" }
        if count > maximumTextLength { return "is longer than \(maximumTextLength) characters (Unicode scalars)" }
        return nil
    }
}
