import Foundation
import Template

/// Escaping for text and attribute values placed into preview pages.
enum HTMLText {
    /// The template engine's escaper: it tests UTF-8 bytes, so a `<` that shares a grapheme cluster
    /// with the scalar before it (U+0600 + `<`) is escaped too.
    static func escape(_ text: String) -> String {
        HTMLEscaping.escape(text)
    }

    /// A path segment or query value for a link.
    static func urlComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?&=#+"))) ?? ""
    }
}
