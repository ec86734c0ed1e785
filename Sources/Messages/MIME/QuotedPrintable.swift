import Foundation
import Template

/// RFC 2045 §6.7 quoted-printable: bodies stay readable, travel as 7-bit, and no line is over 76 characters.
package enum QuotedPrintable {
    /// Longest encoded line, soft-break `=` included (RFC 2045 limit).
    static let maximumLineLength = 76

    /// Encodes UTF-8 `text`. Line breaks (LF or CRLF) become CRLF hard breaks; long lines get soft
    /// breaks that never split an `=XX` escape or the bytes of one character.
    package static func encode(_ text: String) -> String {
        var output = OutputBuffer(capacity: maximumEncodedCount(text.utf8.count))
        encode(text, into: &output)
        return output.string
    }

    /// The same, appended to `output`: the composer writes every body straight into the message's buffer.
    package static func encode(_ text: String, into output: inout OutputBuffer) {
        var text = text
        text.withUTF8 { input in
            output.append(upTo: maximumEncodedCount(input.count)) { buffer in
                encode(input, into: buffer)
            }
        }
    }

    /// Worst case: 3 bytes per input byte (an LF becomes 2), and a 3-byte soft break after every
    /// 73 or more bytes of output.
    private static func maximumEncodedCount(_ inputCount: Int) -> Int {
        inputCount * 4 + 16
    }

    private static func encode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var written = 0
        var lineStart = 0
        while lineStart < input.count {
            let newline = nextLineFeed(in: input, from: lineStart)
            var lineEnd = newline
            // Only a CR before an LF is part of a line break; a CR at the end of the text is text.
            if newline < input.count, lineEnd > lineStart, input[lineEnd - 1] == 13 { lineEnd -= 1 }
            encodeLine(input, lineStart..<lineEnd, into: output, at: &written)
            guard newline < input.count else { break }
            output[written] = 13
            output[written + 1] = 10
            written += 2
            lineStart = newline + 1
        }
        return written
    }

    /// Works on bytes into a preallocated buffer: building the output from per-character `String`s
    /// cost two thirds of compose time, appending to an array a fifth. Runs of printable ASCII, the
    /// bulk of every body, are found with one table lookup per byte and copied at once.
    private static func encodeLine(
        _ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into output: UnsafeMutableBufferPointer<UInt8>, at written: inout Int
    ) {
        let lastLiteralLength = maximumLineLength - 1
        var lineLength = 0
        var index = range.lowerBound
        let end = range.upperBound
        // Whitespace at the end of a line would be stripped in transit, so it is escaped there.
        func isLiteral(_ position: Int) -> Bool {
            let byteClass = byteClasses[Int(input[position])]
            return byteClass == .literal || (byteClass == .whitespace && position + 1 < end)
        }
        func softBreak() {
            output[written] = 61
            output[written + 1] = 13
            output[written + 2] = 10
            written += 3
            lineLength = 0
        }
        while index < end {
            if isLiteral(index) {
                if lineLength >= lastLiteralLength { softBreak() }
                let runLimit = min(end, index + lastLiteralLength - lineLength)
                var runEnd = index + 1
                // Eight bytes at a time while they are all printable or spaces, none the last of the line.
                while runEnd + 8 < min(runLimit + 1, end), isPlainBlock(input, at: runEnd) { runEnd += 8 }
                while runEnd < runLimit, isLiteral(runEnd) { runEnd += 1 }
                let runLength = runEnd - index
                copy(input, index, runLength, into: output, at: written)
                written += runLength
                lineLength += runLength
                index = runEnd
                continue
            }
            let characterLength = min(utf8Length(leadByte: input[index]), end - index)
            let tokenLength = 3 * characterLength
            if lineLength + tokenLength > lastLiteralLength { softBreak() }
            for offset in 0..<characterLength {
                let escaped = input[index + offset]
                output[written] = 61
                output[written + 1] = hexByte(escaped >> 4)
                output[written + 2] = hexByte(escaped & 0x0F)
                written += 3
            }
            lineLength += tokenLength
            index += characterLength
        }
    }

    /// The index of the first LF at or after `start`, or `input.count` (libc's `memchr` scans by vector).
    private static func nextLineFeed(in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = input.baseAddress, start < input.count, let found = memchr(base + start, 10, input.count - start) else {
            return input.count
        }
        return base.distance(to: UnsafePointer(found.assumingMemoryBound(to: UInt8.self)))
    }

    /// True when the eight bytes at `index` are each printable ASCII but `=`, or a space.
    @inline(__always)
    private static func isPlainBlock(_ input: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard let base = input.baseAddress else { return false }
        let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // A byte below 32, above 126 (127 and every non-ASCII byte) or equal to `=` sets its high bit.
        let below32 = (word &- ones &* 32) & ~word
        let above126 = (word &+ ones &* (127 - 126)) | word
        let equalsSign = word ^ (ones &* 61)
        let isEqualsSign = (equalsSign &- ones) & ~equalsSign
        return (below32 | above126 | isEqualsSign) & highBits == 0
    }

    @inline(__always)
    private static func copy(
        _ input: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int, into output: UnsafeMutableBufferPointer<UInt8>, at written: Int
    ) {
        guard let source = input.baseAddress, let destination = output.baseAddress, count > 0 else { return }
        (destination + written).update(from: source + start, count: count)
    }

    private enum ByteClass: UInt8 {
        /// Printable ASCII but `=`: written as is.
        case literal
        /// Space and tab: as is, except at the end of a line.
        case whitespace
        /// Everything else: `=XX` per byte of its character.
        case escaped
    }

    private static let byteClasses: [ByteClass] = (0...255).map { byte in
        if (33...126).contains(byte) && byte != 61 { return .literal }
        if byte == 32 || byte == 9 { return .whitespace }
        return .escaped
    }

    /// The uppercase hex digit of `nibble` (0–15), as `=XX` escapes here and in encoded-words write it.
    @inline(__always)
    static func hexByte(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? nibble + 48 : nibble + 55
    }

    private static func utf8Length(leadByte byte: UInt8) -> Int {
        switch byte {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }


    /// Decodes a quoted-printable body back to text (soft breaks removed, CRLF kept as LF).
    package static func decode(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(encoded.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                if index + 2 < input.count, input[index + 1] == 13, input[index + 2] == 10 {
                    index += 3
                    continue
                }
                if index + 1 < input.count, input[index + 1] == 10 {
                    index += 2
                    continue
                }
                if index + 2 < input.count, let high = hexValue(input[index + 1]), let low = hexValue(input[index + 2]) {
                    bytes.append(high << 4 | low)
                    index += 3
                    continue
                }
            }
            if byte == 13, index + 1 < input.count, input[index + 1] == 10 {
                index += 1
                continue
            }
            bytes.append(byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
