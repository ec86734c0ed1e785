/// The fields of an object value, looked up by names whose hashes were computed when the
/// template was compiled.
///
/// Objects in emails are small (a context, a schedule row), so a lookup scans the stored 64-bit
/// hashes and compares a string only on a match: much cheaper than `Dictionary`'s per-lookup
/// SipHash. Large objects also keep a dictionary index. The fields live in one immutable box,
/// so passing an object around costs a single reference count and reading needs no
/// exclusivity checks.
public struct TemplateObject: Sendable {
    final class Storage: Sendable {
        let keys: [String]
        let values: [TemplateValue]
        let hashes: [UInt64]
        let index: [String: Int]?

        /// Later duplicates of a key replace earlier ones.
        init(keys rawKeys: [String], values rawValues: [TemplateValue]) {
            var keys: [String] = []
            var values: [TemplateValue] = []
            var hashes: [UInt64] = []
            keys.reserveCapacity(rawKeys.count)
            values.reserveCapacity(rawKeys.count)
            hashes.reserveCapacity(rawKeys.count)
            for (key, value) in zip(rawKeys, rawValues) {
                let hash = FieldHash.of(key)
                if let existing = Self.position(of: key, hash: hash, keys: keys, hashes: hashes, index: nil) {
                    values[existing] = value
                } else {
                    keys.append(key)
                    values.append(value)
                    hashes.append(hash)
                }
            }
            self.keys = keys
            self.values = values
            self.hashes = hashes
            self.index = keys.count > TemplateObject.indexThreshold
                ? Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) : nil
        }

        /// The value of `key`, whose hash the caller computed in advance.
        func value(forKey key: String, hash: UInt64) -> TemplateValue? {
            Self.position(of: key, hash: hash, keys: keys, hashes: hashes, index: index).map { values[$0] }
        }

        static func position(of key: String, hash: UInt64, keys: [String], hashes: [UInt64], index: [String: Int]?) -> Int? {
            if let index { return index[key] }
            return hashes.withUnsafeBufferPointer { stored in
                for position in 0..<stored.count where stored[position] == hash && keys[position] == key {
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

    /// Fields in order; a repeated key keeps its last value.
    public init(keys: [String], values: [TemplateValue]) {
        storage = Storage(keys: keys, values: values)
    }

    public init(_ fields: [String: TemplateValue]) {
        let sorted = fields.sorted { $0.key < $1.key }
        storage = Storage(keys: sorted.map(\.key), values: sorted.map(\.value))
    }

    public var count: Int { storage.keys.count }
    public var keys: [String] { storage.keys }
    public var values: [TemplateValue] { storage.values }

    /// Reading is the fast path; setting rebuilds the fields (objects are built once, read often).
    public subscript(key: String) -> TemplateValue? {
        get { lookup(key, hash: FieldHash.of(key)) }
        set {
            var keys = storage.keys
            var values = storage.values
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

/// FNV-1a over UTF-8: cheap, stable, and good enough to tell a handful of field names apart.
enum FieldHash {
    static func of(_ key: String) -> UInt64 {
        if let hash = key.utf8.withContiguousStorageIfAvailable(of) { return hash }
        return Array(key.utf8).withUnsafeBufferPointer(of)
    }

    private static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
