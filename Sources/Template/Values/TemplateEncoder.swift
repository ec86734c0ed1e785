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
            return try EncodingNode.encode(value, in: EncodingSession())
        } catch {
            throw TemplateError(.encoding("\(error)"), at: nil)
        }
    }
}

/// What the nodes of one encode share: the last type found not to be ``TemplateFormattable``.
/// A failing cast to the protocol costs about a thousand instructions, and a list repeats its
/// element type, so only its first element pays it.
private final class EncodingSession {
    var lastPlainType: ObjectIdentifier?
}

/// What one `encode(to:)` call fills in: a leaf value, an object's fields or a list's items.
/// Containers that custom `encode(to:)` code nests get nodes of their own (`children`), filled
/// in whenever that code gets to them and read when the whole value is frozen.
private struct EncodingContents {
    enum Kind { case empty, value, object, list }

    var kind = Kind.empty
    let session: EncodingSession
    var value = TemplateValue.null
    /// An object's fields, with their names' hashes (the object keeps them for lookups).
    var fields: [TemplateObject.Field] = []
    /// Bit `hash % 64` of each field's hash: a key whose bit is clear is new, so it is appended
    /// without searching the fields for it (keys repeat rarely; the search was a tenth of an encode).
    var hashBits: UInt64 = 0
    /// A list's items.
    var values: [TemplateValue] = []
    /// Nested containers and the positions (in `fields` or `values`) they fill.
    var children: [(position: Int, node: EncodingNode)] = []
}

/// A node is a `ManagedBuffer` whose header is its contents: one allocation, and the contents
/// are reached through a pointer (`contents`), so appending a field costs no dynamic exclusivity
/// check (a class's stored properties, `header` included, pay one per access).
private final class EncodingNode: ManagedBuffer<EncodingContents, Void> {
    static func make(in session: EncodingSession) -> EncodingNode {
        unsafeDowncast(create(minimumCapacity: 0) { _ in EncodingContents(session: session) }, to: EncodingNode.self)
    }

    var session: EncodingSession { contents.pointee.session }

    /// A node for a nested container, in the same encode.
    func child() -> EncodingNode {
        EncodingNode.make(in: session)
    }

    /// The header's address, stable for the node's lifetime (it is stored inline in the object).
    var contents: UnsafeMutablePointer<EncodingContents> {
        withUnsafeMutablePointerToHeader { $0 }
    }

    /// Objects in contexts are a few fields to a few dozen, lists a few items: starting at 8
    /// skips most regrowth.
    static let initialCapacity = 8

    /// The value encoded, its items or fields moved out of the node (read once, when the
    /// encode that made the node ends): filling in nested containers then copies no array.
    func freeze() -> TemplateValue {
        let contents = self.contents
        switch contents.pointee.kind {
        case .empty: return .null
        case .value: return contents.pointee.value
        case .list:
            var values: [TemplateValue] = []
            swap(&values, &contents.pointee.values)
            for child in contents.pointee.children {
                values[child.position] = child.node.freeze()
            }
            return .list(values)
        case .object:
            var fields: [TemplateObject.Field] = []
            swap(&fields, &contents.pointee.fields)
            for child in contents.pointee.children {
                fields[child.position].value = child.node.freeze()
            }
            return .object(TemplateObject(storage: TemplateObject.Storage(distinctFields: fields)))
        }
    }

    func becomeObject() {
        let contents = self.contents
        if contents.pointee.kind != .object {
            contents.pointee = EncodingContents(kind: .object, session: contents.pointee.session)
            contents.pointee.fields.reserveCapacity(Self.initialCapacity)
        }
    }

    func becomeList() {
        let contents = self.contents
        if contents.pointee.kind != .list {
            contents.pointee = EncodingContents(kind: .list, session: contents.pointee.session)
            contents.pointee.values.reserveCapacity(Self.initialCapacity)
        }
    }

    func set(_ value: consuming TemplateValue, for key: consuming String) {
        let contents = self.contents
        let field = setField(value, for: key)
        if !field.isNew, !contents.pointee.children.isEmpty {
            contents.pointee.children.removeAll { $0.position == field.position }
        }
    }

    func setNode(_ child: EncodingNode, for key: String) {
        let contents = self.contents
        let field = setField(.null, for: key)
        if !field.isNew {
            contents.pointee.children.removeAll { $0.position == field.position }
        }
        contents.pointee.children.append((field.position, child))
    }

    /// Sets the field `key`: where it is, and whether the key is certainly new (no nested
    /// container can be filling that position in then).
    private func setField(_ value: consuming TemplateValue, for key: consuming String) -> (position: Int, isNew: Bool) {
        let contents = self.contents
        let hash = FieldHash.of(key)
        let bit: UInt64 = 1 << (hash & 63)
        guard contents.pointee.hashBits & bit != 0 else {
            contents.pointee.hashBits |= bit
            contents.pointee.fields.append(TemplateObject.Field(hash: hash, key: key, value: value))
            return (contents.pointee.fields.count - 1, true)
        }
        return (TemplateObject.Storage.set(value, for: key, hash: hash, in: &contents.pointee.fields), false)
    }

    func append(_ value: TemplateValue) {
        contents.pointee.values.append(value)
    }

    func appendNode(_ child: EncodingNode) {
        let contents = self.contents
        contents.pointee.children.append((contents.pointee.values.count, child))
        contents.pointee.values.append(.null)
    }

    static func encode<T: Encodable>(_ value: T, in session: EncodingSession) throws -> TemplateValue {
        // Exact type checks are pointer comparisons; they spare the common leaves a dynamic cast.
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .int(unsafeBitCast(value, to: Int.self)) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Double.self { return .double(unsafeBitCast(value, to: Double.self)) }
        if T.self == TemplateValue.self, let same = value as? TemplateValue { return same }
        if T.self == URL.self, let url = value as? URL { return .string(url.absoluteString) }
        if T.self == Decimal.self, let decimal = value as? Decimal { return .string(decimal.description) }
        if T.self == Date.self, let date = value as? Date { return .string(date.formatted(.iso8601)) }
        // The type is tested first: casting the value itself would copy it (a reference count
        // per string in it) only to find, for most types, that it does not conform. A class is
        // cast all the same: a subclass of it may conform.
        let type = ObjectIdentifier(T.self)
        let plain = session.lastPlainType == type || !(T.self is any TemplateFormattable.Type || T.self is AnyClass)
        let formattable = plain ? nil : value as? any TemplateFormattable
        if formattable == nil { session.lastPlainType = type }
        if let formattable, let fields = formattable.templateFields {
            return .formatted(FormattedValue(formattable, fields: fields))
        }
        let node = EncodingNode.make(in: session)
        try value.encode(to: NodeEncoder(node: node))
        let encoded = node.freeze()
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

    private func set(_ value: consuming TemplateValue, for key: Key) {
        node.set(value, for: key.stringValue)
    }

    private func setNode(_ child: EncodingNode, for key: Key) {
        node.setNode(child, for: key.stringValue)
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
        set(try EncodingNode.encode(value, in: node.session), for: key)
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
        let child = node.child()
        child.becomeObject()
        setNode(child, for: key)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child()
        child.becomeList()
        setNode(child, for: key)
        return UnkeyedNodeContainer(node: child)
    }

    mutating func superEncoder() -> any Encoder {
        let child = node.child()
        node.setNode(child, for: "super")
        return NodeEncoder(node: child)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let child = node.child()
        setNode(child, for: key)
        return NodeEncoder(node: child)
    }
}

/// The unkeyed and the single-value containers take one value at a time, without a key: `put` is
/// where each stores it, and every `encode` below is written once for both.
private protocol NodeValueSink {
    var node: EncodingNode { get }
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
        put(try EncodingNode.encode(value, in: node.session))
    }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer, NodeValueSink {
    let node: EncodingNode
    var codingPath: [any CodingKey] { [] }
    var count: Int { node.contents.pointee.values.count }

    func put(_ value: TemplateValue) {
        node.append(value)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child()
        child.becomeObject()
        node.appendNode(child)
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.child()
        child.becomeList()
        node.appendNode(child)
        return UnkeyedNodeContainer(node: child)
    }

    mutating func superEncoder() -> any Encoder {
        let child = node.child()
        node.appendNode(child)
        return NodeEncoder(node: child)
    }
}

private struct SingleNodeContainer: SingleValueEncodingContainer, NodeValueSink {
    let node: EncodingNode
    var codingPath: [any CodingKey] { [] }

    func put(_ value: TemplateValue) {
        node.contents.pointee.kind = .value
        node.contents.pointee.value = value
    }
}
