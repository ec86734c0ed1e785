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
        var payload = ""
        var limit = min(max(firstWordLimit, prefix.count + suffix.count + 12), maximumWordLength) - prefix.count - suffix.count
        for scalar in text.unicodeScalars {
            let token = encodedToken(scalar)
            if payload.utf8.count + token.utf8.count > limit, !payload.isEmpty {
                words.append(prefix + payload + suffix)
                payload = ""
                limit = maximumWordLength - prefix.count - suffix.count
            }
            payload += token
        }
        if !payload.isEmpty || words.isEmpty { words.append(prefix + payload + suffix) }
        return words
    }

    private static func encodedToken(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "!", "*", "+", "-", "/": String(scalar)
        case " ": "_"
        default: String(scalar).utf8.map(QuotedPrintable.escape).joined()
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
