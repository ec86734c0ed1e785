import Foundation

/// A parsed JSON document kept exactly as the caller sent it, so validation can report every
/// problem with its path before anything is converted into a typed context.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Decimal)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses UTF-8 JSON text strictly (RFC 8259; see `JSONReader`); the error says what is wrong and where.
    public init(parsing data: Data) throws(JSONSyntaxError) {
        self = try JSONReader.parse(Array(data))
    }

    /// Parses UTF-8 JSON text strictly (RFC 8259; see `JSONReader`); the error says what is wrong and where.
    public init(parsing bytes: [UInt8]) throws(JSONSyntaxError) {
        self = try JSONReader.parse(bytes)
    }

    /// The JSON type's name as error messages show it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }

    /// The value as an `Int` when it is a whole number in range, written `12`, `12.0` or `1.2e1`:
    /// JSON Schema counts all three as integers, and so do generated clients that send floats.
    public var integerValue: Int? {
        switch self {
        case .integer(let number):
            return number
        case .number(let number):
            let limit = Decimal(Int64(1) << 62)
            guard number.isFinite, number > -limit, number < limit else { return nil }
            var value = number
            var whole = Decimal()
            NSDecimalRound(&whole, &value, 0, .plain)
            guard whole == number else { return nil }
            return Int(exactly: NSDecimalNumber(decimal: whole).int64Value)
        default:
            return nil
        }
    }

    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

/// Encoding gives the canonical form callers and the spool compare (`JSONEncoder` with sorted keys).
extension JSONValue: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// Literals, so documents Herald writes itself (the OpenAPI contract) read like the JSON they are.
extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    /// A later duplicate key replaces an earlier one, as in a JSON object.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
