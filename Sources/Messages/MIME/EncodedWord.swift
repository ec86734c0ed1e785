import Foundation

/// RFC 2047 encoded-words (`=?utf-8?q?Zo=C3=AB?=`) for non-ASCII subjects and display names.
///
/// The Q form keeps ASCII readable in raw messages; only characters that are safe both in
/// unstructured text and in a phrase (letters, digits, `! * + - /`) are left as they are.
package enum EncodedWord {
    private static let prefix = "=?utf-8?q?"
    private static let suffix = "?="
    /// RFC 2047: an encoded-word is at most 75 characters.
    package static let maximumWordLength = 75

    /// Splits `text` into encoded-words; the first fits in `firstWordLimit` characters (what is left
    /// on the header's first line), the others in 75. Multi-byte characters are never split.
    package static func encode(_ text: String, firstWordLimit: Int = maximumWordLength) -> [String] {
        var words: [String] = []
        // Built on the UTF-8 bytes, each character's bytes escaped together: a `String` per escaped
        // byte, and later a token per scalar, were most of composing a non-ASCII subject.
        let wrapperLength = prefix.utf8.count + suffix.utf8.count
        var limit = min(max(firstWordLimit, wrapperLength + 12), maximumWordLength) - wrapperLength
        var word: [UInt8] = Array(prefix.utf8)
        word.reserveCapacity(maximumWordLength)
        func finishWord() {
            word.append(contentsOf: suffix.utf8)
            words.append(String(decoding: word, as: UTF8.self))
            word.removeSubrange(prefix.utf8.count...)
        }
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            // `String` holds valid UTF-8, so a lead byte gives its character's length.
            let characterLength = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
            let isLiteral = characterLength == 1 && (isSafe(byte) || byte == 32)
            let tokenLength = isLiteral ? 1 : 3 * characterLength
            if word.count - prefix.utf8.count + tokenLength > limit, word.count > prefix.utf8.count {
                finishWord()
                limit = maximumWordLength - wrapperLength
            }
            if isLiteral {
                word.append(byte == 32 ? UInt8(ascii: "_") : byte)
            } else {
                for escaped in bytes[index..<min(index + characterLength, bytes.count)] {
                    word.append(UInt8(ascii: "="))
                    word.append(QuotedPrintable.hexByte(escaped >> 4))
                    word.append(QuotedPrintable.hexByte(escaped & 0x0F))
                }
            }
            index += characterLength
        }
        if word.count > prefix.utf8.count || words.isEmpty { finishWord() }
        return words
    }

    /// Letters, digits and `! * + - /`: left as they are in a word.
    private static func isSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"): true
        default: false
        }
    }

    /// Decodes a header value: unfolds it, decodes Q and B encoded-words, and drops the whitespace
    /// between two adjacent encoded-words (RFC 2047 §6.2).
    package static func decodeHeaderValue(_ value: String) -> String {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        var result = ""
        var rest = Substring(unfolded)
        var pendingWhitespace = ""
        var previousWasEncoded = false
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, remainder) = decodeWord(rest) {
                if !previousWasEncoded { result += pendingWhitespace }
                pendingWhitespace = ""
                result += decoded
                rest = remainder
                previousWasEncoded = true
            } else if rest.first == " " || rest.first == "\t" {
                pendingWhitespace.append(rest.removeFirst())
            } else {
                result += pendingWhitespace
                pendingWhitespace = ""
                result.append(rest.removeFirst())
                previousWasEncoded = false
            }
        }
        return result + pendingWhitespace
    }

    private static func decodeWord(_ text: Substring) -> (String, Substring)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("="), parts[0].lowercased() == "utf-8" else { return nil }
        let payload = parts[2]
        let remainder = parts[3].dropFirst()
        switch parts[1].lowercased() {
        case "q":
            return (QuotedPrintable.decode(payload.replacingOccurrences(of: "_", with: " ")), remainder)
        case "b":
            guard let data = Base64.decode(String(payload)) else { return nil }
            return (String(decoding: data, as: UTF8.self), remainder)
        default:
            return nil
        }
    }
}
