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
    /// bulk of every body, are checked and stored up to eight bytes at a time; the rest goes byte by
    /// byte. Positions stay within the buffers, so they are added without overflow checks, and the
    /// soft break is written in place (a helper capturing the counts kept them in memory).
    private static func encodeLine(
        _ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into output: UnsafeMutableBufferPointer<UInt8>, at written: inout Int
    ) {
        guard let source = input.baseAddress, let destination = output.baseAddress else { return }
        let lastLiteralLength = maximumLineLength - 1
        var lineLength = 0
        var index = range.lowerBound
        let end = range.upperBound
        var out = written
        while index < end {
            // Plain bytes eight at a time while a whole word fits on the line before its last byte.
            var stoppedAtNonPlain = false
            let room = min(end &- 1 &- index, lastLiteralLength &- lineLength)
            if room >= 8 {
                var run = 0
                while run &+ 8 <= room {
                    let word = UInt64(littleEndian: UnsafeRawPointer(source + (index &+ run)).loadUnaligned(as: UInt64.self))
                    let plainCount = plainPrefixLength(word)
                    UnsafeMutableRawPointer(destination + (out &+ run)).storeBytes(of: word.littleEndian, as: UInt64.self)
                    run &+= plainCount
                    if plainCount < 8 {
                        stoppedAtNonPlain = true
                        break
                    }
                }
                out &+= run
                index &+= run
                lineLength &+= run
            }
            // Then up to eight more, as many as fit on the line, but never a space that ends it
            // (trailing whitespace is escaped): the word is stored whole, the plain ones counted.
            if !stoppedAtNonPlain, index &+ 8 <= input.count {
                let word = UInt64(littleEndian: UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self))
                var plainCount = min(plainPrefixLength(word), end &- index, lastLiteralLength &- lineLength)
                if plainCount > 0, index &+ plainCount == end, source[end &- 1] == 32 { plainCount &-= 1 }
                if plainCount > 0 {
                    UnsafeMutableRawPointer(destination + out).storeBytes(of: word.littleEndian, as: UInt64.self)
                    out &+= plainCount
                    index &+= plainCount
                    lineLength &+= plainCount
                    continue
                }
            }
            let byte = source[index]
            // Printable ASCII but `=` as is; space and tab as is unless last on the line.
            let isLiteral = (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && index &+ 1 < end)
            let characterLength = isLiteral ? 1 : min(utf8Length(leadByte: byte), end &- index)
            let tokenLength = isLiteral ? 1 : 3 &* characterLength
            if lineLength &+ tokenLength > lastLiteralLength {
                destination[out] = 61
                destination[out &+ 1] = 13
                destination[out &+ 2] = 10
                out &+= 3
                lineLength = 0
            }
            if isLiteral {
                destination[out] = byte
                out &+= 1
            } else {
                for offset in 0..<characterLength {
                    let escaped = source[index &+ offset]
                    destination[out] = 61
                    destination[out &+ 1] = hexByte(escaped >> 4)
                    destination[out &+ 2] = hexByte(escaped & 0x0F)
                    out &+= 3
                }
            }
            lineLength &+= tokenLength
            index &+= characterLength
        }
        written = out
    }

    /// The index of the first LF at or after `start`, or `input.count` (libc's `memchr` scans by vector).
    private static func nextLineFeed(in input: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = input.baseAddress, start < input.count, let found = memchr(base + start, 10, input.count - start) else {
            return input.count
        }
        return base.distance(to: UnsafePointer(found.assumingMemoryBound(to: UInt8.self)))
    }

    /// How many of the eight bytes of `word` (the first in its lowest bits) are, from the first on,
    /// printable ASCII but `=`, or a space.
    @inline(__always)
    private static func plainPrefixLength(_ word: UInt64) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // A byte below 32, above 126 (127 and every non-ASCII byte) or equal to `=` sets its high
        // bit. Borrows and carries only travel up from such a byte, so the lowest one set is exact.
        let below32 = (word &- ones &* 32) & ~word
        let above126 = (word &+ ones &* (127 - 126)) | word
        let equalsSign = word ^ (ones &* 61)
        let isEqualsSign = (equalsSign &- ones) & ~equalsSign
        return ((below32 | above126 | isEqualsSign) & highBits).trailingZeroBitCount / 8
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
