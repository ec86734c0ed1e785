import Foundation

/// Decodes a `Decodable` type straight from a `JSONValue`, without printing it back to JSON text and
/// parsing it again (that round trip was a quarter of compose time). Errors are `DecodingError`s.
struct JSONValueDecoder {
    func decode<Value: Decodable>(_ type: Value.Type, from value: JSONValue) throws -> Value {
        try SingleValueContainer(value: value, parentPath: [], key: nil).decode(type)
    }
}

private struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else { throw mismatch([String: JSONValue].self, value, codingPath) }
        return KeyedDecodingContainer(KeyedValueContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let items) = value else { throw mismatch([JSONValue].self, value, codingPath) }
        return UnkeyedValueContainer(items: items, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValueContainer(value: value, parentPath: codingPath, key: nil)
    }
}

private func mismatch(_ type: Any.Type, _ value: JSONValue, _ path: [any CodingKey]) -> DecodingError {
    DecodingError.typeMismatch(type, DecodingError.Context(codingPath: path, debugDescription: "found \(value.typeName)"))
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// Scalars: the one place JSON types are converted to Swift types. The path is kept as its parent's
/// and a key, and only joined when asked for (an error, a nested value): an array per field was a
/// fifth of decoding a context.
private struct SingleValueContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let parentPath: [any CodingKey]
    let key: (any CodingKey)?

    var codingPath: [any CodingKey] { key.map { parentPath + [$0] } ?? parentPath }

    func decodeNil() -> Bool { value == .null }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .bool(let bool) = value else { throw mismatch(type, value, codingPath) }
        return bool
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .string(let string) = value else { throw mismatch(type, value, codingPath) }
        return string
    }

    func decode(_ type: Double.Type) throws -> Double {
        switch value {
        case .integer(let number): return Double(number)
        case .number(let number): return NSDecimalNumber(decimal: number).doubleValue
        default: throw mismatch(type, value, codingPath)
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func decode(_ type: Int.Type) throws -> Int { try decodeInteger(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decodeInteger(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decodeInteger(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decodeInteger(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decodeInteger(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decodeInteger(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decodeInteger(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decodeInteger(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decodeInteger(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decodeInteger(type) }

    private func decodeInteger<Integer: FixedWidthInteger>(_ type: Integer.Type) throws -> Integer {
        guard let number = value.integerValue, let converted = Integer(exactly: number) else { throw mismatch(type, value, codingPath) }
        return converted
    }

    func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        // Keyed containers reach every field through here, strings and integers too: answering them
        // directly spares a decoder, a container box and a joined path per field. The type checks
        // are pointer comparisons, and make the casts exact.
        if type == String.self { return unsafeBitCast(try decode(String.self), to: Value.self) }
        if type == Int.self { return unsafeBitCast(try decode(Int.self), to: Value.self) }
        if type == Bool.self { return unsafeBitCast(try decode(Bool.self), to: Value.self) }
        if let decoded = Self.decodeLeaf(type, from: value) { return decoded }
        if type == Decimal.self {
            let number: Decimal? = switch value {
            case .integer(let integer): Decimal(integer)
            case .number(let decimal): decimal
            default: nil
            }
            guard let number, let decimal = number as? Value else { throw mismatch(type, value, codingPath) }
            return decimal
        }
        return try Value(from: ValueDecoder(value: value, codingPath: codingPath))
    }

    /// Herald's own values, read as their `init(from:)` reads them but without a decoder and its
    /// containers; nil (the `Codable` path then reports the error) when the JSON does not fit.
    private static func decodeLeaf<Value>(_ type: Value.Type, from value: JSONValue) -> Value? {
        switch value {
        case .string(let text):
            if type == Day.self { return (try? Day(parsing: text)).map { unsafeBitCast($0, to: Value.self) } }
            if type == WebLink.self { return (try? WebLink(parsing: text)).map { unsafeBitCast($0, to: Value.self) } }
            if type == Timestamp.self { return (try? Timestamp(parsing: text)).map { unsafeBitCast($0, to: Value.self) } }
            if type == InstallmentState.self { return InstallmentState(rawValue: text).map { unsafeBitCast($0, to: Value.self) } }
            return nil
        case .object(let members):
            guard type == Money.self, case .string(let amount)? = members["amount"], case .string(let code)? = members["currency"] else { return nil }
            return (try? Money(parsing: amount, currencyCode: code)).map { unsafeBitCast($0, to: Value.self) }
        default:
            return nil
        }
    }
}

private struct KeyedValueContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { members.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { members[key.stringValue] != nil }

    private func value(for key: Key) throws -> JSONValue {
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, DecodingError.Context(codingPath: codingPath, debugDescription: "no value for \(key.stringValue)"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { (members[key.stringValue] ?? .null) == .null }

    func decode<Value: Decodable>(_ type: Value.Type, forKey key: Key) throws -> Value {
        try SingleValueContainer(value: value(for: key), parentPath: codingPath, key: key).decode(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: value(for: key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: value(for: key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { ValueDecoder(value: .object(members), codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedValueContainer: UnkeyedDecodingContainer {
    let items: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(items: [JSONValue], codingPath: [any CodingKey]) {
        self.items = items
        self.codingPath = codingPath
    }

    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> (JSONValue, IndexKey) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(JSONValue.self, DecodingError.Context(codingPath: codingPath, debugDescription: "list ended"))
        }
        defer { currentIndex += 1 }
        return (items[currentIndex], IndexKey(currentIndex))
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, items[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<Value: Decodable>(_ type: Value.Type) throws -> Value {
        let (value, key) = try next()
        return try SingleValueContainer(value: value, parentPath: codingPath, key: key).decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (value, key) = try next()
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (value, key) = try next()
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (value, key) = try next()
        return ValueDecoder(value: value, codingPath: codingPath + [key])
    }
}
