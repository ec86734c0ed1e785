/// The fields of an object value, looked up by names whose hashes were computed when the
/// template was compiled.
///
/// Objects in emails are small (a context, a schedule row), so a lookup scans the stored 64-bit
/// hashes and compares a string only on a match: much cheaper than `Dictionary`'s per-lookup
/// SipHash. Large objects also keep a dictionary index. The fields live in one immutable box,
/// so passing an object around costs a single reference count and reading needs no
/// exclusivity checks.
public struct TemplateObject: Sendable {
    /// One field: its name's hash first, the only part a lookup reads until a hash matches.
    struct Field: Sendable {
        let hash: UInt64
        let key: String
        var value: TemplateValue
    }

    final class Storage: Sendable {
        let fields: [Field]
        let index: [String: Int]?

        /// Adopts fields whose keys are known to be distinct (the encoder's).
        init(distinctFields fields: [Field]) {
            self.fields = fields
            self.index = fields.count > TemplateObject.indexThreshold
                ? Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.key, $0) }) : nil
        }

        /// Later duplicates of a key replace earlier ones.
        convenience init(keys: [String], values: [TemplateValue]) {
            var fields: [Field] = []
            fields.reserveCapacity(keys.count)
            for (key, value) in zip(keys, values) {
                Storage.set(value, for: key, hash: FieldHash.of(key), in: &fields)
            }
            self.init(distinctFields: fields)
        }

        /// Sets `key` (whose hash is `hash`) in fields being built: a key set again keeps its first
        /// place, with the new value. Returns the field's position.
        @discardableResult
        static func set(_ value: TemplateValue, for key: String, hash: UInt64, in fields: inout [Field]) -> Int {
            if let existing = position(of: key, hash: hash, in: fields) {
                fields[existing].value = value
                return existing
            }
            fields.append(Field(hash: hash, key: key, value: value))
            return fields.count - 1
        }

        /// The value of `key`, whose hash the caller computed in advance.
        func value(forKey key: String, hash: UInt64) -> TemplateValue? {
            position(of: key, hash: hash).map { fields[$0].value }
        }

        /// Where `key` is in `fields`.
        func position(of key: String, hash: UInt64) -> Int? {
            if let index { return index[key] }
            return Self.position(of: key, hash: hash, in: fields)
        }

        private static func position(of key: String, hash: UInt64, in fields: borrowing [Field]) -> Int? {
            fields.withUnsafeBufferPointer { stored in
                for position in 0..<stored.count where stored[position].hash == hash && stored[position].key == key {
                    return position
                }
                return nil
            }
        }
    }

    private(set) var storage: Storage
    fileprivate static let indexThreshold = 24

    public init() {
        storage = Storage(keys: [], values: [])
    }

    init(storage: Storage) {
        self.storage = storage
    }

    /// Fields in order; a repeated key keeps its last value.
    public init(keys: [String], values: [TemplateValue]) {
        storage = Storage(keys: keys, values: values)
    }

    public init(_ fields: [String: TemplateValue]) {
        let sorted = fields.sorted { $0.key < $1.key }
        storage = Storage(keys: sorted.map(\.key), values: sorted.map(\.value))
    }

    public var count: Int { storage.fields.count }
    public var keys: [String] { storage.fields.map(\.key) }
    public var values: [TemplateValue] { storage.fields.map(\.value) }

    /// Reading is the fast path; setting rebuilds the fields (objects are built once, read often).
    public subscript(key: String) -> TemplateValue? {
        get { lookup(key, hash: FieldHash.of(key)) }
        set {
            var keys = self.keys
            var values = self.values
            if let position = keys.firstIndex(of: key) {
                keys.remove(at: position)
                values.remove(at: position)
            }
            if let newValue {
                keys.append(key)
                values.append(newValue)
            }
            storage = Storage(keys: keys, values: values)
        }
    }

    /// Looks up `key`, whose hash the caller computed in advance.
    func lookup(_ key: String, hash: UInt64) -> TemplateValue? {
        storage.value(forKey: key, hash: hash)
    }
}

extension TemplateObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(keys: elements.map(\.0), values: elements.map(\.1))
    }
}

/// A multiplicative hash over UTF-8 taken eight bytes at a time (field names are short, so this
/// is two or three rounds): cheap, stable within a process, and good enough to tell a handful of
/// field names apart; a lookup still compares the names whose hashes match.
enum FieldHash {
    static func of(_ key: String) -> UInt64 {
        if let hash = key.utf8.withContiguousStorageIfAvailable(of) { return hash }
        return Array(key.utf8).withUnsafeBufferPointer(of)
    }

    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    private static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let count = bytes.count
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= count {
            hash = mix(hash, raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        let rest = count - offset
        // The last 1…7 bytes: as the last word (overlapping bytes already mixed) when there was one,
        // else as two overlapping 4-byte halves, else byte by byte.
        if rest == 0 { return hash }
        if count >= 8 { return mix(hash, raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)) }
        if rest >= 4 {
            let low = UInt64(raw.loadUnaligned(as: UInt32.self))
            let high = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return mix(hash, low | high << 32)
        }
        var tail: UInt64 = 0
        for position in 0..<rest {
            tail = tail << 8 | UInt64(base[position])
        }
        return mix(hash, tail)
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ word: UInt64) -> UInt64 {
        let mixed = (hash ^ word) &* multiplier
        return mixed ^ (mixed >> 29)
    }
}
