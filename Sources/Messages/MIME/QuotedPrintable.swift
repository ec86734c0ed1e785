/// RFC 2045 §6.7 quoted-printable: bodies stay readable, travel as 7-bit, and no line is over 76 characters.
package enum QuotedPrintable {
    /// Longest encoded line, soft-break `=` included (RFC 2045 limit).
    static let maximumLineLength = 76

    /// Encodes UTF-8 `text`. Line breaks (LF or CRLF) become CRLF hard breaks; long lines get soft
    /// breaks that never split an `=XX` escape or the bytes of one character.
    package static func encode(_ text: String) -> String {
        var text = text
        return text.withUTF8 { input in
            // Worst case: 3 bytes per input byte, a soft break every 72 output bytes, CRLF for LF.
            String(unsafeUninitializedCapacity: input.count * 5 + 16) { output in
                var written = 0
                var lineStart = 0
                while lineStart < input.count {
                    var newline = lineStart
                    while newline < input.count, input[newline] != 10 { newline += 1 }
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
        }
    }

    /// Works on bytes into a preallocated buffer: building the output from per-character `String`s
    /// cost two thirds of compose time, appending to an array a fifth.
    private static func encodeLine(
        _ input: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into output: UnsafeMutableBufferPointer<UInt8>, at written: inout Int
    ) {
        var lineLength = 0
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = input[index]
            let characterLength = min(utf8Length(leadByte: byte), range.upperBound - index)
            let isLast = index + characterLength == range.upperBound
            // Whitespace at the end of a line would be stripped in transit, so it is escaped there.
            let isLiteral = characterLength == 1
                && (((33...126).contains(byte) && byte != 61) || ((byte == 32 || byte == 9) && !isLast))
            let tokenLength = isLiteral ? 1 : 3 * characterLength
            if lineLength + tokenLength > maximumLineLength - 1 {
                output[written] = 61
                output[written + 1] = 13
                output[written + 2] = 10
                written += 3
                lineLength = 0
            }
            if isLiteral {
                output[written] = byte
                written += 1
            } else {
                for offset in 0..<characterLength {
                    let escaped = input[index + offset]
                    output[written] = 61
                    output[written + 1] = hexBytes[Int(escaped >> 4)]
                    output[written + 2] = hexBytes[Int(escaped & 0x0F)]
                    written += 3
                }
            }
            lineLength += tokenLength
            index += characterLength
        }
    }

    private static func utf8Length(leadByte byte: UInt8) -> Int {
        switch byte {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }

    private static let hexBytes: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static let hexDigits = Array("0123456789ABCDEF")

    static func escape(_ byte: UInt8) -> String {
        "=" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
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
