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
        // Built on bytes: a `String` per escaped byte was most of composing a non-ASCII subject.
        var payload: [UInt8] = []
        let wrapperLength = prefix.utf8.count + suffix.utf8.count
        var limit = min(max(firstWordLimit, wrapperLength + 12), maximumWordLength) - wrapperLength
        var token: [UInt8] = []
        for scalar in text.unicodeScalars {
            token.removeAll(keepingCapacity: true)
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "!", "*", "+", "-", "/": token.append(UInt8(truncatingIfNeeded: scalar.value))
            case " ": token.append(UInt8(ascii: "_"))
            default:
                UTF8.encode(scalar) { byte in
                    token.append(UInt8(ascii: "="))
                    token.append(QuotedPrintable.hexByte(byte >> 4))
                    token.append(QuotedPrintable.hexByte(byte & 0x0F))
                }
            }
            if payload.count + token.count > limit, !payload.isEmpty {
                words.append(prefix + String(decoding: payload, as: UTF8.self) + suffix)
                payload.removeAll(keepingCapacity: true)
                limit = maximumWordLength - wrapperLength
            }
            payload.append(contentsOf: token)
        }
        if !payload.isEmpty || words.isEmpty { words.append(prefix + String(decoding: payload, as: UTF8.self) + suffix) }
        return words
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
