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

    /// One pass over the bytes into a preallocated buffer: building the output from per-character
    /// `String`s cost two thirds of compose time, appending to an array a fifth, and finding each
    /// line's end first and encoding it in a call of its own a quarter of the encoder's time (HTML
    /// lines are short). Runs of printable ASCII, the bulk of every body, are checked and stored
    /// eight bytes at a time; a line break, a control or `=` byte stops a run, and a character
    /// that is not ASCII is escaped whole. A space or tab is written as it is and escaped when the
    /// line turns out to end after it. Positions stay within the buffers, so they are added
    /// without overflow checks.
    private static func encode(_ input: UnsafeBufferPointer<UInt8>, into output: UnsafeMutableBufferPointer<UInt8>) -> Int {
        guard let source = input.baseAddress, let destination = output.baseAddress else { return 0 }
        // Tokens fill a line up to here; a soft break's `=` is its last character.
        let lastColumn = maximumLineLength &- 1
        let count = input.count
        var index = 0
        var out = 0
        var column = 0
        @inline(__always) func softBreak() {
            destination[out] = 61
            destination[out &+ 1] = 13
            destination[out &+ 2] = 10
            out &+= 3
            column = 0
        }
        @inline(__always) func escape(_ byte: UInt8) {
            destination[out] = 61
            destination[out &+ 1] = hexByte(byte >> 4)
            destination[out &+ 2] = hexByte(byte & 0x0F)
            out &+= 3
        }
        // Before a line break and at the end: the line's last byte was written; a space or tab there is escaped.
        @inline(__always) func escapeTrailingWhitespace() {
            guard column > 0 else { return }
            let last = destination[out &- 1]
            guard last == 32 || last == 9 else { return }
            out &-= 1
            column &-= 1
            if column &+ 3 > lastColumn { softBreak() }
            escape(last)
            column &+= 3
        }
        while index < count {
            // Plain bytes eight at a time: the word is stored whole, its plain bytes counted, as
            // many as fit on the line (then a soft break). A whole plain word that fits is the
            // common case and a branch of its own, so the next load need not wait for the count.
            while count &- index >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self))
                let special = specialBytes(word)
                let room = lastColumn &- column
                UnsafeMutableRawPointer(destination + out).storeBytes(of: word.littleEndian, as: UInt64.self)
                if special == 0, room >= 8 {
                    index &+= 8
                    out &+= 8
                    column &+= 8
                    continue
                }
                let plainCount = special.trailingZeroBitCount / 8
                if plainCount <= room {
                    index &+= plainCount
                    out &+= plainCount
                    column &+= plainCount
                    if plainCount < 8 { break }
                } else {
                    index &+= room
                    out &+= room
                    softBreak()
                }
            }
            guard index < count else { break }
            let byte = source[index]
            // Printable ASCII but `=`, space and tab as they are.
            if (byte >= 32 && byte <= 126 && byte != 61) || byte == 9 {
                if column >= lastColumn { softBreak() }
                destination[out] = byte
                out &+= 1
                column &+= 1
                index &+= 1
                continue
            }
            // Only a CR before an LF is part of a line break; another CR is text.
            if byte == 10 || (byte == 13 && count &- index > 1 && source[index &+ 1] == 10) {
                escapeTrailingWhitespace()
                destination[out] = 13
                destination[out &+ 1] = 10
                out &+= 2
                column = 0
                index &+= byte == 10 ? 1 : 2
                continue
            }
            // `=`, controls and the bytes of one character, escaped together.
            let characterLength = min(utf8Length(leadByte: byte), count &- index)
            if column &+ 3 &* characterLength > lastColumn { softBreak() }
            for offset in 0..<characterLength { escape(source[index &+ offset]) }
            column &+= 3 &* characterLength
            index &+= characterLength
        }
        escapeTrailingWhitespace()
        return out
    }

    /// The high bit of each byte of `word` (the first in its lowest bits) that is not plain, plain
    /// being printable ASCII but `=`, or a space: zero for a plain word; the lowest bit set marks
    /// the first byte that is not.
    @inline(__always)
    private static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        // A byte below 32, above 126 (127 and every non-ASCII byte) or equal to `=` sets its high
        // bit. Borrows and carries only travel up from such a byte, so the lowest one set is exact.
        let below32 = (word &- ones &* 32) & ~word
        let above126 = (word &+ ones &* (127 - 126)) | word
        let equalsSign = word ^ (ones &* 61)
        let isEqualsSign = (equalsSign &- ones) & ~equalsSign
        return (below32 | above126 | isEqualsSign) & highBits
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
                if index + 2 < input.count, let high = HexDigit.value(input[index + 1]), let low = HexDigit.value(input[index + 2]) {
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
}
