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
            return try EncodingNode.encode(value)
        } catch {
            throw TemplateError(.encoding("\(error)"), at: nil)
        }
    }
}

/// What an `encode(to:)` call builds: a leaf value, an object or a list. Leaves are stored
/// inline; only containers asked for by custom `encode(to:)` code get nodes of their own.
private final class EncodingNode {
    enum Slot {
        case value(TemplateValue)
        case node(EncodingNode)

        var frozen: TemplateValue {
            switch self {
            case .value(let value): value
            case .node(let node): node.frozen
            }
        }
    }

    enum Kind { case empty, value, object, list }

    var kind = Kind.empty
    var value = TemplateValue.null
    var keys: [String] = []
    var slots: [Slot] = []

    var frozen: TemplateValue {
        switch kind {
        case .empty: return .null
        case .value: return value
        case .list: return .list(slots.map(\.frozen))
        case .object:
            return .object(TemplateObject(keys: keys, values: slots.map(\.frozen)))
        }
    }

    func becomeObject() {
        if kind != .object {
            kind = .object
            keys = []
            slots = []
        }
    }

    func becomeList() {
        if kind != .list {
            kind = .list
            slots = []
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> TemplateValue {
        // Exact type checks are pointer comparisons; they spare the common leaves a dynamic cast.
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .int(unsafeBitCast(value, to: Int.self)) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return .double(unsafeBitCast(value, to: Double.self)) }
        if T.self == TemplateValue.self, let same = value as? TemplateValue { return same }
        if T.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
        if T.self == Decimal.self, let decimal = value as? Decimal { return .string(decimal.description) }
        if T.self == Date.self, let date = value as? Date { return .string(date.formatted(.iso8601)) }
        let formattable = value as? any TemplateFormattable
        if let formattable, let fields = formattable.templateFields {
            return .formatted(FormattedValue(formattable, fields: fields))
        }
        let node = EncodingNode()
        try value.encode(to: NodeEncoder(node: node))
        let encoded = node.frozen
        if let formattable {
            if case .object(let fields) = encoded {
                return .formatted(FormattedValue(formattable, fields: fields))
            }
            return .formatted(FormattedValue(formattable, fields: TemplateObject()))
        }
        return encoded
    }
}

/// Coding paths are not tracked: nothing this encoder does can fail on a path, and building
/// them costs an allocation per field.
private struct NodeEncoder: Encoder {
    let node: EncodingNode
    var codingPath: [any CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeList()
        return UnkeyedNodeContainer(node: node)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    var codingPath: [any CodingKey] { [] }

    private func set(_ value: TemplateValue, for key: Key) {
        node.keys.append(key.stringValue)
        node.slots.append(.value(value))
    }

    private func setNode(_ child: EncodingNode, for key: Key) {
        node.keys.append(key.stringValue)
        node.slots.append(.node(child))
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
        set(try EncodingNode.encode(value), for: key)
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
        child.becomeObject()
        setNode(child, for: key)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        child.becomeList()
        setNode(child, for: key)
        return UnkeyedNodeContainer(node: child)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        node.keys.append("super")
        node.slots.append(.node(child))
        return NodeEncoder(node: child)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = EncodingNode()
        setNode(child, for: key)
        return NodeEncoder(node: child)
    }
}

/// The unkeyed and the single-value containers take one value at a time, without a key: `put` is
/// where each stores it, and every `encode` below is written once for both.
private protocol NodeValueSink {
    func put(_ value: TemplateValue)
}

extension NodeValueSink {
    func encodeNil() throws { put(.null) }
    func encode(_ value: Bool) throws { put(.bool(value)) }
    func encode(_ value: String) throws { put(.string(value)) }
    func encode(_ value: Double) throws { put(.double(value)) }
    func encode(_ value: Float) throws { put(.double(Double(value))) }
    func encode(_ value: Int) throws { put(.int(value)) }
    func encode(_ value: Int8) throws { put(.int(Int(value))) }
    func encode(_ value: Int16) throws { put(.int(Int(value))) }
    func encode(_ value: Int32) throws { put(.int(Int(value))) }
    func encode(_ value: Int64) throws { put(.int(Int(value))) }
    func encode(_ value: UInt) throws { put(.int(Int(clamping: value))) }
    func encode(_ value: UInt8) throws { put(.int(Int(value))) }
    func encode(_ value: UInt16) throws { put(.int(Int(value))) }
    func encode(_ value: UInt32) throws { put(.int(Int(value))) }
    func encode(_ value: UInt64) throws { put(.int(Int(clamping: value))) }

    func encode<T: Encodable>(_ value: T) throws {
        put(try EncodingNode.encode(value))
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer, NodeValueSink {
    let node: EncodingNode
    var codingPath: [any CodingKey] { [] }
    var count: Int { node.slots.count }

    func put(_ value: TemplateValue) {
        node.slots.append(.value(value))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = EncodingNode()
        child.becomeObject()
        node.slots.append(.node(child))
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = EncodingNode()
        child.becomeList()
        node.slots.append(.node(child))
        return UnkeyedNodeContainer(node: child)
    }

    mutating func superEncoder() -> any Encoder {
        let child = EncodingNode()
        node.slots.append(.node(child))
        return NodeEncoder(node: child)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer, NodeValueSink {
    let node: EncodingNode
    var codingPath: [any CodingKey] { [] }

    func put(_ value: TemplateValue) {
        node.kind = .value
        node.value = value
    }
}
