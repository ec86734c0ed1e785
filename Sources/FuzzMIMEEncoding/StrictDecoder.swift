/// Decoders that accept only what RFC 2045 and RFC 2047 allow an encoder to write, so a lenient
/// reader cannot hide a malformed encoding. Nil means malformed.
enum StrictDecoder {
    static func crlfToLF(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            result.append(bytes[index])
            index += 1
        }
        return result
    }

    /// Quoted-printable: lines of at most 76 characters ending in CRLF, `=XX` in upper-case hex,
    /// `=` before CRLF as a soft break, no whitespace at the end of a line.
    static func quotedPrintable(_ encoded: String) -> [UInt8]? {
        var result: [UInt8] = []
        let lines = Array(encoded.utf8).split(separator: 10, omittingEmptySubsequences: false)
        for (number, rawLine) in lines.enumerated() {
            let isLast = number == lines.count - 1
            var line = rawLine[...]
            if !isLast {
                guard line.last == 13 else { return nil }
                line = line.dropLast()
            }
            guard line.count <= 76 else { return nil }
            var soft = false
            var index = line.startIndex
            while index < line.endIndex {
                let byte = line[index]
                if byte == UInt8(ascii: "=") {
                    if index + 1 == line.endIndex, !isLast {
                        soft = true
                        break
                    }
                    guard index + 2 < line.endIndex, let high = hex(line[index + 1]), let low = hex(line[index + 2]) else { return nil }
                    result.append(high << 4 | low)
                    index += 3
                } else if (33...126).contains(byte) || ((byte == 32 || byte == 9) && index + 1 < line.endIndex) {
                    result.append(byte)
                    index += 1
                } else {
                    return nil
                }
            }
            if !isLast, !soft { result.append(10) }
        }
        return result
    }

    /// One `=?utf-8?q?…?=` word: letters, digits, `! * + - /`, `_` for space, `=XX` for the rest.
    static func encodedWord(_ word: String) -> [UInt8]? {
        let bytes = Array(word.utf8)
        let prefix = Array("=?utf-8?q?".utf8)
        guard bytes.count >= prefix.count + 2, bytes.starts(with: prefix), bytes.suffix(2) == Array("?=".utf8)[...] else { return nil }
        let payload = bytes[prefix.count..<(bytes.count - 2)]
        var result: [UInt8] = []
        var index = payload.startIndex
        while index < payload.endIndex {
            let byte = payload[index]
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
                result.append(byte)
                index += 1
            case UInt8(ascii: "_"):
                result.append(32)
                index += 1
            case UInt8(ascii: "="):
                guard index + 2 < payload.endIndex, let high = hex(payload[index + 1]), let low = hex(payload[index + 2]) else { return nil }
                result.append(high << 4 | low)
                index += 3
            default:
                return nil
            }
        }
        return result
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
