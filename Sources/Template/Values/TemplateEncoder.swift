import Foundation

/// Turns any `Encodable` value into a ``TemplateValue`` directly, without a JSON round trip.
///
/// `nil` optionals become explicit nulls (so strict mode can tell "absent by design" from
/// "misspelled"), `URL`s and `Decimal`s become strings, `Date`s ISO 8601 strings, and
/// ``TemplateFormattable`` values keep both their own formatting and their fields.
public struct TemplateEncoder: Sendable {
    public init() {}

    public func encode(_ value: some Encodable) throws(TemplateError) -> TemplateValue {
        do {
            return try EncodingNode.encode(value, codingPath: [])
        } catch let error as TemplateError {
            throw error
        } catch {
            throw TemplateError(.encoding("\(error)"), at: nil)
        }
    }
}

/// A mutable tree built while `encode(to:)` runs, frozen into a ``TemplateValue`` at the end.
private final class EncodingNode {
    enum Storage {
        case empty
        case value(TemplateValue)
        case object([String: EncodingNode])
        case list([EncodingNode])
    }

    var storage: Storage = .empty

    var frozen: TemplateValue {
        switch storage {
        case .empty: .null
        case .value(let value): value
        case .object(let fields): .object(fields.mapValues(\.frozen))
        case .list(let items): .list(items.map(\.frozen))
        }
    }

    static func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws -> TemplateValue {
        if let special = specialCase(value) { return special }
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node, codingPath: codingPath))
        let encoded = node.frozen
        if let formattable = value as? any TemplateFormattable {
            if case .object(let fields) = encoded {
                return .formatted(FormattedValue(formattable, fields: fields))
            }
            return .formatted(FormattedValue(formattable, fields: [:]))
        }
        return encoded
    }

    /// Values whose own `Encodable` conformance does not say what a template should see.
    private static func specialCase(_ value: some Encodable) -> TemplateValue? {
        switch value {
        case let value as TemplateValue: value
        case let value as String: .string(value)
        case let value as Bool: .bool(value)
        case let value as Int: .int(value)
        case let value as Double: .double(value)
        case let value as URL: .string(value.absoluteString)
        case let value as Decimal: .string(value.description)
        case let value as Date: .string(value.formatted(.iso8601))
        default: nil
        }
    }

    /// Adds a field in place (the storage is emptied first so the dictionary is not copied).
    func setField(_ key: String, _ child: EncodingNode) {
        guard case .object(var fields) = storage else {
            storage = .object([key: child])
            return
        }
        storage = .empty
        fields[key] = child
        storage = .object(fields)
    }

    func appendItem(_ child: EncodingNode) {
        guard case .list(var items) = storage else {
            storage = .list([child])
            return
        }
        storage = .empty
        items.append(child)
        storage = .list(items)
    }

    func listItems() -> [EncodingNode] {
        if case .list(let items) = storage { return items }
        return []
    }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.storage {} else { node.storage = .object([:]) }
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .list = node.storage {} else { node.storage = .list([]) }
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    private func set(_ value: TemplateValue, for key: Key) {
        let child = EncodingNode()
        child.storage = .value(value)
        setNode(child, for: key)
    }

    private func setNode(_ child: EncodingNode, for key: Key) {
        node.setField(key.stringValue, child)
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, for: key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), for: key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), for: key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.double(value), for: key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.double(Double(value)), for: key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.int(value), for: key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.int(Int(value)), for: key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.int(Int(value)), for: key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.int(Int(value)), for: key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.int(Int(value)), for: key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(.int(Int(clamping: value)), for: key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.int(Int(value)), for: key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.int(Int(value)), for: key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.int(Int(value)), for: key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(.int(Int(clamping: value)), for: key) }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        set(try EncodingNode.encode(value, codingPath: codingPath + [key]), for: key)
    }

    // Synthesized conformances skip nil optionals through these; record them as explicit nulls.
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { set(value.map { .bool($0) } ?? .null, for: key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { set(value.map { .string($0) } ?? .null, for: key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { set(value.map { .double($0) } ?? .null, for: key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { set(value.map { .int($0) } ?? .null, for: key) }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        guard let value else { return set(.null, for: key) }
        try encode(value, forKey: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        child.storage = .object([:])
        setNode(child, for: key)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        child.storage = .list([])
        setNode(child, for: key)
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        superEncoder(forKey: Key(stringValue: "super")!)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingNode()
        setNode(child, for: key)
        return NodeEncoder(node: child, codingPath: codingPath + [key])
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { "\(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int { node.listItems().count }

    private func append(_ child: EncodingNode) {
        node.appendItem(child)
    }

    private func append(_ value: TemplateValue) {
        let child = EncodingNode()
        child.storage = .value(value)
        append(child)
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.double(value)) }
    mutating func encode(_ value: Int) throws { append(.int(value)) }
    mutating func encode(_ value: Float) throws { append(.double(Double(value))) }
    mutating func encode(_ value: Int8) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { append(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { append(.int(Int(clamping: value))) }
    mutating func encode(_ value: UInt8) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { append(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { append(.int(Int(clamping: value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        append(try EncodingNode.encode(value, codingPath: codingPath + [IndexKey(count)]))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        child.storage = .object([:])
        let path = codingPath + [IndexKey(count)]
        append(child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        child.storage = .list([])
        let path = codingPath + [IndexKey(count)]
        append(child)
        return UnkeyedNodeContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        let path = codingPath + [IndexKey(count)]
        append(child)
        return NodeEncoder(node: child, codingPath: path)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.storage = .value(.null) }
    mutating func encode(_ value: Bool) throws { node.storage = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { node.storage = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { node.storage = .value(.double(value)) }
    mutating func encode(_ value: Int) throws { node.storage = .value(.int(value)) }
    mutating func encode(_ value: Float) throws { node.storage = .value(.double(Double(value))) }
    mutating func encode(_ value: Int8) throws { node.storage = .value(.int(Int(value))) }
    mutating func encode(_ value: Int16) throws { node.storage = .value(.int(Int(value))) }
    mutating func encode(_ value: Int32) throws { node.storage = .value(.int(Int(value))) }
    mutating func encode(_ value: Int64) throws { node.storage = .value(.int(Int(value))) }
    mutating func encode(_ value: UInt) throws { node.storage = .value(.int(Int(clamping: value))) }
    mutating func encode(_ value: UInt8) throws { node.storage = .value(.int(Int(value))) }
    mutating func encode(_ value: UInt16) throws { node.storage = .value(.int(Int(value))) }
    mutating func encode(_ value: UInt32) throws { node.storage = .value(.int(Int(value))) }
    mutating func encode(_ value: UInt64) throws { node.storage = .value(.int(Int(clamping: value))) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        node.storage = .value(try EncodingNode.encode(value, codingPath: codingPath))
    }
}
