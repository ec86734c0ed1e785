import Messages

/// What changed between two versions of Herald's contract (`herald schema diff OLD NEW`), seen from a
/// caller: a change is *breaking* when a request the old contract accepted may be refused by the new
/// one (a message removed, a field removed or newly required, a type, enum, pattern or limit
/// narrowed), so a caller's CI can fail before a deploy does.
///
/// It compares the send requests of every message kind (`<Kind>SendRequest` and everything they
/// reference: contexts, money, recipients, attachments); answers are additive by convention and not
/// compared.
public struct ContractDiff: Sendable {
    public struct Change: Sendable, Hashable, CustomStringConvertible {
        public var isBreaking: Bool
        /// Where: the message kind, then the field path (`installment-paid context.schedule[].amount`).
        public var path: String
        public var detail: String

        public var description: String { "\(isBreaking ? "breaking" : "compatible"): \(path): \(detail)" }
    }

    public private(set) var changes: [Change] = []
    private let oldDocument: JSONValue
    private let newDocument: JSONValue

    public var breaking: [Change] { changes.filter(\.isBreaking) }

    /// Compares two OpenAPI documents as `GET /v1/openapi.json` serves them; a document without
    /// Herald's send requests is reported as a problem, never read as an empty contract.
    public init(old: JSONValue, new: JSONValue) throws(ContractDiffError) {
        oldDocument = old
        newDocument = new
        let oldRequests = try Self.sendRequests(old, name: "OLD")
        let newRequests = try Self.sendRequests(new, name: "NEW")
        for (kind, oldSchema) in oldRequests.sorted(by: { $0.key < $1.key }) {
            guard let newSchema = newRequests[kind] else {
                record(true, kind, "the message was removed")
                continue
            }
            compare(Resolved(old, oldSchema), Resolved(new, newSchema), at: kind, depth: 0)
        }
        for kind in newRequests.keys.sorted() where oldRequests[kind] == nil {
            record(false, kind, "a new message")
        }
    }

    /// `message kind → its send request schema`, from the discriminator of `SendRequest`.
    private static func sendRequests(_ document: JSONValue, name: String) throws(ContractDiffError) -> [String: JSONValue] {
        guard case .object(let mapping)? = document["components"]?["schemas"]?["SendRequest"]?["discriminator"]?["mapping"] else {
            throw .notAContract(name)
        }
        var requests: [String: JSONValue] = [:]
        for (kind, reference) in mapping {
            guard case .string(let target) = reference, let schema = resolve(target, in: document) else { throw .brokenReference(name, kind) }
            requests[kind] = schema
        }
        return requests
    }

    private static func resolve(_ reference: String, in document: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var value: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") { value = value?[String(part)] }
        return value
    }

    /// A schema with its `$ref` followed and its optional form (`anyOf: [X, null, ""]`) unwrapped.
    private struct Resolved {
        var schema: JSONValue
        var nullable = false
        var acceptsEmptyText = false

        init(_ document: JSONValue, _ schema: JSONValue) {
            var current = schema
            for _ in 0..<16 {
                guard case .string(let reference)? = current["$ref"], let target = ContractDiff.resolve(reference, in: document) else { break }
                current = target
            }
            if case .array(let choices)? = current["anyOf"] {
                let core = choices.first { $0["type"] != "null" && $0["const"] != "" } ?? [:]
                self = Resolved(document, core)
                nullable = nullable || choices.contains { $0["type"] == "null" }
                acceptsEmptyText = acceptsEmptyText || choices.contains { $0["const"] == "" }
                return
            }
            self.schema = current
            if case .array(let types)? = current["type"], types.contains("null") { nullable = true }
        }

        var types: Set<String> {
            switch schema["type"] {
            case .string(let type)?: [type]
            case .array(let types)?: Set(types.compactMap { if case .string(let type) = $0 { type } else { nil } }).subtracting(["null"])
            default: []
            }
        }

        var required: Set<String> {
            guard case .array(let names)? = schema["required"] else { return [] }
            return Set(names.compactMap { if case .string(let name) = $0 { name } else { nil } })
        }

        var properties: [String: JSONValue] {
            if case .object(let properties)? = schema["properties"] { return properties }
            return [:]
        }

        func number(_ name: String) -> Int? { schema[name]?.integerValue }
    }

    private mutating func record(_ isBreaking: Bool, _ path: String, _ detail: String) {
        changes.append(Change(isBreaking: isBreaking, path: path, detail: detail))
    }

    private mutating func compare(_ old: Resolved, _ new: Resolved, at path: String, depth: Int) {
        guard depth < 32 else { return }
        if old.nullable && !new.nullable { record(true, path, "null is no longer accepted") }
        if old.acceptsEmptyText && !new.acceptsEmptyText { record(true, path, "\"\" is no longer accepted") }
        if !old.types.isEmpty, !new.types.isEmpty, !new.types.isSuperset(of: old.types) {
            record(true, path, "type \(old.types.sorted().joined(separator: "|")) became \(new.types.sorted().joined(separator: "|"))")
            return
        }
        if old.schema["const"] != new.schema["const"], let const = new.schema["const"] {
            record(true, path, "must now be \(const)")
        }
        if case .array(let newValues)? = new.schema["enum"] {
            let oldValues: [JSONValue] = if case .array(let values)? = old.schema["enum"] { values } else { [] }
            let removed = old.schema["enum"] == nil ? ["(any)"] : oldValues.filter { !newValues.contains($0) }.map(Self.text)
            if !removed.isEmpty { record(true, path, "no longer accepts \(removed.joined(separator: ", "))") }
            let added = oldValues.isEmpty ? [] : newValues.filter { !oldValues.contains($0) }.map(Self.text)
            if !added.isEmpty { record(false, path, "also accepts \(added.joined(separator: ", "))") }
        }
        for keyword in ["pattern", "format"] where old.schema[keyword] != new.schema[keyword] && new.schema[keyword] != nil {
            record(true, path, "\(keyword) changed to \(Self.text(new.schema[keyword] ?? .null))")
        }
        for (keyword, narrowsUp) in [("maxLength", false), ("maxItems", false), ("maximum", false), ("minLength", true), ("minItems", true), ("minimum", true)] {
            let before = old.number(keyword)
            guard let after = new.number(keyword), before != after else { continue }
            let narrower = before.map { narrowsUp ? after > $0 : after < $0 } ?? true
            record(narrower, path, "\(keyword) \(before.map(String.init) ?? "none") became \(after)")
        }
        compareObjects(old, new, at: path, depth: depth)
        if let oldItems = old.schema["items"], let newItems = new.schema["items"] {
            compare(Resolved(oldDocument, oldItems), Resolved(newDocument, newItems), at: path + "[]", depth: depth + 1)
        }
    }

    private mutating func compareObjects(_ old: Resolved, _ new: Resolved, at path: String, depth: Int) {
        let oldProperties = old.properties
        let newProperties = new.properties
        let closed = new.schema["additionalProperties"] == false
        for (name, oldProperty) in oldProperties.sorted(by: { $0.key < $1.key }) {
            let fieldPath = path + (depth == 0 ? " " : ".") + name
            guard let newProperty = newProperties[name] else {
                record(closed, fieldPath, closed ? "the field was removed: a request that sends it is refused" : "the field was removed")
                continue
            }
            if new.required.contains(name) && !old.required.contains(name) { record(true, fieldPath, "is now required") }
            if old.required.contains(name) && !new.required.contains(name) { record(false, fieldPath, "is now optional") }
            compare(Resolved(oldDocument, oldProperty), Resolved(newDocument, newProperty), at: fieldPath, depth: depth + 1)
        }
        for name in newProperties.keys.sorted() where oldProperties[name] == nil {
            let fieldPath = path + (depth == 0 ? " " : ".") + name
            record(new.required.contains(name), fieldPath, new.required.contains(name) ? "a new required field" : "a new optional field")
        }
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .integer(let number): String(number)
        case .bool(let flag): String(flag)
        default: "\(value)"
        }
    }
}

/// Why two documents could not be compared.
public enum ContractDiffError: Error, Sendable, CustomStringConvertible {
    /// `OLD` or `NEW` has no `components.schemas.SendRequest.discriminator.mapping`.
    case notAContract(String)
    case brokenReference(String, String)

    public var description: String {
        switch self {
        case .notAContract(let name): "\(name) is not a Herald contract: it has no components.schemas.SendRequest with a discriminator mapping"
        case .brokenReference(let name, let kind): "\(name): the send request of \(kind) points to no schema"
        }
    }
}
