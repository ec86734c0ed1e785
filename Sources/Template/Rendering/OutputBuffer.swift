/// The bytes of one render, grown geometrically and appended with `memcpy`.
///
/// `Array.append(contentsOf:)` goes through generic sequence copying, which dominated profiles
/// of small appends; this keeps the hot path to a bounds check and a copy. `Messages` composes
/// MIME into one too, so a message's bytes are written once and made a `String` once.
///
/// It can also write into memory it does not own (the spare capacity of the caller's array, see
/// ``Renderer/render(_:_:into:library:options:)``), until that is full: then it moves to memory of its own.
package struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    package private(set) var count = 0
    private var capacity: Int
    /// Whether `base` is the lent memory of ``init(writingInto:)`` (not to be freed).
    private(set) var isLent = false

    package init(capacity: Int) {
        self.capacity = max(capacity, 256)
        self.base = .allocate(capacity: self.capacity)
    }

    /// Writes into `memory`, which must outlive the buffer, while the bytes fit in it.
    init?(writingInto memory: UnsafeMutableBufferPointer<UInt8>) {
        guard let base = memory.baseAddress, memory.count > 0 else { return nil }
        self.base = base
        self.capacity = memory.count
        self.isLent = true
    }

    deinit {
        if !isLent { base.deallocate() }
    }

    package var last: UInt8? { count > 0 ? base[count - 1] : nil }

    @inline(__always)
    package mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        let destination = base + count
        let length = bytes.count
        if length <= 32 {
            Self.copyShort(from: source, to: destination, count: length)
        } else {
            destination.update(from: source, count: length)
        }
        count += length
    }

    /// Short runs (escapes, indentation, values, text between tags) are most appends: two
    /// overlapping loads and stores of the widest fitting size copy them without a loop or a call.
    @inline(__always)
    private static func copyShort(from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>, count: Int) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(destination)
        func copyEnds<Word>(_: Word.Type) {
            let size = MemoryLayout<Word>.size
            let head = from.loadUnaligned(as: Word.self)
            let tail = from.loadUnaligned(fromByteOffset: count - size, as: Word.self)
            to.storeBytes(of: head, as: Word.self)
            to.storeBytes(of: tail, toByteOffset: count - size, as: Word.self)
        }
        if count >= 16 {
            copyEnds(SIMD16<UInt8>.self)
        } else if count >= 8 {
            copyEnds(UInt64.self)
        } else if count >= 4 {
            copyEnds(UInt32.self)
        } else {
            for offset in 0..<count { destination[offset] = source[offset] }
        }
    }

    package mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    package mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends `number` in decimal, written in place (no string is made for it).
    mutating func appendDecimal(_ number: Int) {
        append(upTo: 20) { buffer in
            var magnitude = number.magnitude
            var length = number < 0 ? 2 : 1
            var rest = magnitude / 10
            while rest > 0 {
                length += 1
                rest /= 10
            }
            var position = length
            repeat {
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if number < 0 { buffer[0] = UInt8(ascii: "-") }
            return length
        }
    }

    /// Lets `write` fill up to `maximumCount` bytes in place and keeps the count it returns
    /// (clamped to `0...maximumCount`): encoders write straight into the buffer, no copy in between.
    package mutating func append(upTo maximumCount: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) {
        guard maximumCount > 0 else { return }
        reserve(maximumCount)
        let written = write(UnsafeMutableBufferPointer(start: base + count, count: maximumCount))
        count += min(max(written, 0), maximumCount)
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
        if !isLent { base.deallocate() }
        isLent = false
        base = grown
        capacity = newCapacity
    }

    /// Replaces `array`'s contents with the rendered bytes.
    package func copy(into array: inout [UInt8]) {
        let source = base
        array = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            buffer.baseAddress?.update(from: source, count: count)
            initialized = count
        }
    }

    /// The rendered bytes as a string (they are valid UTF-8: only whole strings are appended).
    /// `String(decoding:)` checks ASCII a word at a time, where the uninitialized-capacity
    /// initializer validated byte by byte: for a composed message (all ASCII) that was a tenth.
    package var string: String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}
