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
