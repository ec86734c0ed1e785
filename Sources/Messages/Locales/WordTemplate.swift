import Foundation
import Template

/// Turns a catalog text into the template a message includes as `{{>t/<key>}}`.
///
/// A text is a Mustache fragment rendered in the message's view: `{{amount}}`, sections such as
/// `{{#cardLast4}}…{{/cardLast4}}`, `<strong>…</strong>` for emphasis (dropped in the text part) and
/// `{{>name}}` for a shared inline piece whose HTML and text forms differ (`Templates/_inline/name.html`
/// / `.text`, e.g. a mail link). Everything else a translator writes is text: `&`, `<`, `>` and `"` are
/// escaped in the HTML part, so a catalog cannot inject markup.
enum WordTemplate {
    /// The prefix of a word's template name: `{{>t/all-paid.heading}}`.
    static let prefix = "t/"

    static func name(_ key: String) -> String { prefix + key }

    /// The key a template name refers to, or nil when it is not a word.
    static func key(ofTemplateNamed name: String) -> String? {
        name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : nil
    }

    static func compile(_ text: String, key: String, catalogPath: String, for contentType: ContentType) throws(TemplateError) -> CompiledTemplate {
        try CompiledTemplate(source: source(text, for: contentType), name: name(key), path: "\(catalogPath)#words.\(key)")
    }

    /// The Mustache source for one part: literal text escaped for HTML, emphasis kept or dropped,
    /// inline partials pointed at their HTML or text form. A text-part word ends its line, as a
    /// partial file does, so that `{{>t/key}}` alone on a line of a text template is that line
    /// (a standalone partial tag's own line break is dropped); HTML words sit inside elements.
    static func source(_ text: String, for contentType: ContentType) -> String {
        contentType == .html ? body(text, for: contentType) : body(text, for: contentType) + "\n"
    }

    private static func body(_ text: String, for contentType: ContentType) -> String {
        let suffix = contentType == .html ? ".html" : ".text"
        var output = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            output += literal(rest[..<open.lowerBound], for: contentType)
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let inside = rest[open.upperBound..<close.lowerBound]
            let trimmed = inside.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix(">") {
                let partial = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                output += "{{>" + inlineDirectory + partial + suffix + "}}"
            } else {
                output += "{{" + inside + "}}"
            }
            rest = rest[close.upperBound...]
        }
        return output + literal(rest, for: contentType)
    }

    /// Where inline pieces live: `{{>supportEmail}}` is `_inline/supportEmail.html` in HTML.
    static let inlineDirectory = "_inline/"

    private static func literal(_ text: Substring, for contentType: ContentType) -> String {
        // Only a text with `<` can hold a `<strong>` to drop or keep: the rest (most of a catalog,
        // read at every start) skips Foundation's replacing, a fifth of `herald serve`'s start.
        let hasTag = text.utf8.contains(UInt8(ascii: "<"))
        guard contentType == .html else {
            guard hasTag else { return String(text) }
            return text.replacingOccurrences(of: "<strong>", with: "").replacingOccurrences(of: "</strong>", with: "")
        }
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        guard hasTag else { return escaped }
        return escaped.replacingOccurrences(of: "&lt;strong&gt;", with: "<strong>").replacingOccurrences(of: "&lt;/strong&gt;", with: "</strong>")
    }
}
