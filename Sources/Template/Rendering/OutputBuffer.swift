/// The bytes of one render, grown geometrically and appended with `memcpy`.
///
/// `Array.append(contentsOf:)` goes through generic sequence copying, which dominated profiles
/// of small appends; this keeps the hot path to a bounds check and a copy.
struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 256)
        self.base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    var last: UInt8? { count > 0 ? base[count - 1] : nil }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        let destination = base + count
        if bytes.count <= 16 {
            // Short runs (escapes, indentation, small values) are cheaper inline than a memcpy call.
            for offset in 0..<bytes.count { destination[offset] = source[offset] }
        } else {
            destination.update(from: source, count: bytes.count)
        }
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toFit: extra) }
    }

    private mutating func grow(toFit extra: Int) {
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Replaces `array`'s contents with the rendered bytes.
    func copy(into array: inout [UInt8]) {
        let source = base
        array = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress?.update(from: source, count: count)
            initialized = count
        }
    }

    /// The rendered bytes as a string (they are valid UTF-8: only whole strings are appended).
    var string: String {
        let source = base
        return String(unsafeUninitializedCapacity: count) { buffer in
            buffer.baseAddress?.update(from: source, count: count)
            return count
        }
    }
}
