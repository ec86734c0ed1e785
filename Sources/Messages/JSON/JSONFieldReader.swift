/// Reads the fields of one JSON object straight into typed values, each checked as
/// `SchemaValidator` checks its schema type: a context is read once, from the parsed request, into
/// its struct. Checking the shape and then decoding through `Codable` looked every field up twice
/// and went through a decoder and its containers per field, a sixth of composing a message.
///
/// The reader only reads what is right. At the first doubt it throws `Unreadable`, which says
/// nothing more: `MessageKind.decodeContext` then asks `SchemaValidator`, the one place problems are
/// worded, with their paths, for callers. Public only as the type `MessageContext.init(reading:)`
/// takes; its readers are Herald's own.
public struct JSONFieldReader {
    /// The object is not exactly what its schema describes.
    public struct Unreadable: Error {}

    private let members: [String: JSONValue]
    /// Members read so far: the object is right only if every member was one of the schema's fields.
    private var readCount = 0

    init(_ value: JSONValue) throws(Unreadable) {
        guard case .object(let members) = value else { throw Unreadable() }
        self.members = members
    }

    /// Reads a whole object with `read`, which asks for each field of its schema.
    static func read<Value>(_ value: JSONValue, _ read: (inout JSONFieldReader) throws(Unreadable) -> Value) throws(Unreadable) -> Value {
        var reader = try JSONFieldReader(value)
        let result = try read(&reader)
        guard reader.readCount == reader.members.count else { throw Unreadable() }
        return result
    }

    /// The member named `name`; nil when it is absent or null, which an optional field may be.
    private mutating func member(_ name: String) -> JSONValue? {
        guard let value = members[name] else { return nil }
        readCount += 1
        if case .null = value { return nil }
        return value
    }

    private mutating func required(_ name: String) throws(Unreadable) -> JSONValue {
        guard let value = member(name) else { throw Unreadable() }
        return value
    }

    /// An optional field's value; an empty string stands for "none" in text fields and is kept as sent.
    private mutating func optional<Value>(_ name: String, emptyText: Value? = nil, _ read: (JSONValue) throws(Unreadable) -> Value) throws(Unreadable) -> Value? {
        guard let value = member(name) else { return nil }
        if let emptyText, case .string(let text) = value, text.isEmpty { return emptyText }
        return try read(value)
    }

    mutating func text(_ name: String) throws(Unreadable) -> String { try Self.text(required(name)) }

    mutating func optionalText(_ name: String) throws(Unreadable) -> String? {
        try optional(name, emptyText: "", Self.text)
    }

    mutating func optionalCardDigits(_ name: String) throws(Unreadable) -> String? {
        try optional(name, emptyText: "", Self.cardDigits)
    }

    mutating func positiveInteger(_ name: String) throws(Unreadable) -> Int {
        guard let number = try required(name).integerValue, number >= 1 else { throw Unreadable() }
        return number
    }

    mutating func money(_ name: String) throws(Unreadable) -> Money { try Self.money(required(name)) }

    mutating func optionalMoney(_ name: String) throws(Unreadable) -> Money? { try optional(name, Self.money) }

    mutating func day(_ name: String) throws(Unreadable) -> Day { try Self.day(required(name)) }

    mutating func optionalDay(_ name: String) throws(Unreadable) -> Day? { try optional(name, Self.day) }

    mutating func timestamp(_ name: String) throws(Unreadable) -> Timestamp {
        guard case .string(let text) = try required(name), let timestamp = try? Timestamp(parsing: text) else { throw Unreadable() }
        return timestamp
    }

    mutating func link(_ name: String) throws(Unreadable) -> WebLink {
        guard case .string(let text) = try required(name), let link = try? WebLink(parsing: text) else { throw Unreadable() }
        return link
    }

    mutating func installmentState(_ name: String) throws(Unreadable) -> InstallmentState {
        guard case .string(let text) = try required(name), let state = InstallmentState(rawValue: text) else { throw Unreadable() }
        return state
    }

    /// A list of objects, each read by `readRow`: not empty, at most `SchemaValidator.maximumListCount` rows.
    mutating func list<Row>(_ name: String, _ readRow: (inout JSONFieldReader) throws(Unreadable) -> Row) throws(Unreadable) -> [Row] {
        guard case .array(let items) = try required(name), !items.isEmpty, items.count <= SchemaValidator.maximumListCount else {
            throw Unreadable()
        }
        var rows: [Row] = []
        rows.reserveCapacity(items.count)
        for item in items { rows.append(try Self.read(item, readRow)) }
        return rows
    }

    private static func text(_ value: JSONValue) throws(Unreadable) -> String {
        guard case .string(let text) = value, SchemaValidator.textProblem(text) == nil else { throw Unreadable() }
        return text
    }

    private static func cardDigits(_ value: JSONValue) throws(Unreadable) -> String {
        guard case .string(let text) = value, text.utf8.count == 4,
              text.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { throw Unreadable() }
        return text
    }

    private static func money(_ value: JSONValue) throws(Unreadable) -> Money {
        guard case .object(let members) = value, members.count == 2, case .string(let amount)? = members["amount"],
              case .string(let code)? = members["currency"], let money = try? Money(parsing: amount, currencyCode: code)
        else { throw Unreadable() }
        return money
    }

    private static func day(_ value: JSONValue) throws(Unreadable) -> Day {
        guard case .string(let text) = value, let day = try? Day(parsing: text) else { throw Unreadable() }
        return day
    }
}
