/// Reads a fuzzer's bytes as a sequence of decisions (structure-aware fuzzing): each call takes
/// what it needs from the front, and an exhausted input answers zeros, so every input is valid.
package struct FuzzInput {
    private let bytes: [UInt8]
    private var offset = 0

    package init(_ data: UnsafePointer<UInt8>?, _ size: Int) {
        bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    }

    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    package var isExhausted: Bool { offset >= bytes.count }

    package mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// A number in `0..<count` (0 when `count` is 0).
    package mutating func index(_ count: Int) -> Int {
        guard count > 0 else { return 0 }
        let value = Int(byte()) << 8 | Int(byte())
        return value % count
    }

    package mutating func pick<Element>(_ elements: [Element]) -> Element? {
        elements.isEmpty ? nil : elements[index(elements.count)]
    }

    package mutating func bool() -> Bool { byte() & 1 == 1 }

    /// Up to `maximum` raw bytes, the length chosen by the input.
    package mutating func bytes(upTo maximum: Int) -> [UInt8] {
        let count = min(index(maximum + 1), bytes.count - min(offset, bytes.count))
        defer { offset += count }
        return Array(bytes[offset..<(offset + count)])
    }

    /// Everything not consumed yet.
    package mutating func rest() -> [UInt8] {
        defer { offset = bytes.count }
        return offset < bytes.count ? Array(bytes[offset...]) : []
    }
}
