/// Bytes as lower-case hex digits, two per byte, the one way Herald writes them: attachment digests,
/// message and event ids, and JSON's `\u00XX` escapes.
package enum LowercaseHex {
    private static let digits: StaticString = "0123456789abcdef"

    /// Appends the two digits of `byte` to `output`.
    @inline(__always)
    package static func append(_ byte: UInt8, to output: inout [UInt8]) {
        digits.withUTF8Buffer { hex in
            output.append(hex[Int(byte >> 4)])
            output.append(hex[Int(byte & 0x0F)])
        }
    }

    /// The digits of every byte of `bytes`, in order.
    package static func digits(of bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 2)
        for byte in bytes { append(byte, to: &output) }
        return output
    }
}
