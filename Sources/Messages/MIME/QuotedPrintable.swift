/// RFC 2045 §6.7 quoted-printable: bodies stay readable, travel as 7-bit, and no line is over 76 characters.
public enum QuotedPrintable {
    /// Longest encoded line, soft-break `=` included (RFC 2045 limit).
    static let maximumLineLength = 76

    /// Encodes UTF-8 `text`. Line breaks (LF or CRLF) become CRLF hard breaks; long lines get soft
    /// breaks that never split an `=XX` escape or the bytes of one character.
    public static func encode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        // Split on scalars: to `String`, "\r\n" is one Character and would not match "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let endsWithBreak = lines.count > 1 && lines.last?.isEmpty == true
        if endsWithBreak { lines.removeLast() }
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine[...]
            encodeLine(line, into: &output)
            if index < lines.count - 1 || endsWithBreak { output += "\r\n" }
        }
        return output
    }

    private static func encodeLine(_ line: Substring.UnicodeScalarView.SubSequence, into output: inout String) {
        var tokens: [String] = []
        for scalar in line {
            let value = scalar.value
            if (value >= 33 && value <= 126 && value != 61) || value == 32 || value == 9 {
                tokens.append(String(scalar))
            } else {
                var escaped = ""
                for byte in String(scalar).utf8 { escaped += escape(byte) }
                tokens.append(escaped)
            }
        }
        // Whitespace at the end of a line would be stripped in transit: escape it.
        if let last = tokens.last, last == " " || last == "\t" {
            tokens[tokens.count - 1] = last == " " ? "=20" : "=09"
        }
        var length = 0
        for token in tokens {
            if length + token.utf8.count > maximumLineLength - 1 {
                output += "=\r\n"
                length = 0
            }
            output += token
            length += token.utf8.count
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    static func escape(_ byte: UInt8) -> String {
        "=" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0x0F)])
    }

    /// Decodes a quoted-printable body back to text (soft breaks removed, CRLF kept as LF).
    public static func decode(_ encoded: String) -> String {
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
