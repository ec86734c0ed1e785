/// Everything that can go wrong compiling or rendering a template, with where it happened.
///
/// `description` is the conventional `file:line:col: message` so editors and CI logs link to it.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        // Parsing
        case unterminatedTag(expected: String)
        case emptyTag
        case invalidName(String)
        case unclosedSection(name: String)
        case unexpectedClosingTag(name: String)
        case mismatchedClosingTag(name: String, expected: String, openedAt: SourcePosition)
        case invalidDelimiters(String)
        case nestingTooDeep(limit: Int)
        // Rendering (strict mode unless noted)
        case missingName(String)
        case missingPartial(String)
        case notIterable(name: String, kind: String)
        case notInterpolatable(name: String, kind: String)
        /// Partials or parents that include themselves without end (any mode).
        case recursionTooDeep(limit: Int)
        // Loading
        case unreadableFile(path: String, detail: String)
        case unknownTemplate(String)
        case encoding(String)
        case invalidJSON(String)
    }

    public let reason: Reason
    /// Where it happened; `nil` for errors that are not about a place in a template.
    public let position: SourcePosition?

    public init(_ reason: Reason, at position: SourcePosition?) {
        self.reason = reason
        self.position = position
    }

    public var message: String {
        switch reason {
        case .unterminatedTag(let expected): "unterminated tag: expected '\(expected)'"
        case .emptyTag: "empty tag: expected a name"
        case .invalidName(let name): "invalid name '\(name)'"
        case .unclosedSection(let name): "unclosed section '\(name)': expected '{{/\(name)}}'"
        case .unexpectedClosingTag(let name): "closing tag '\(name)' has no open section"
        case .mismatchedClosingTag(let name, let expected, let openedAt):
            "closing tag '\(name)' does not match '\(expected)' opened at \(openedAt.line):\(openedAt.column)"
        case .invalidDelimiters(let content): "invalid delimiter change '\(content)': expected two delimiters like '{{=<% %>=}}'"
        case .nestingTooDeep(let limit): "sections nested deeper than \(limit) levels"
        case .missingName(let name): "no value named '\(name)'"
        case .missingPartial(let name): "no template named '\(name)'"
        case .notIterable(let name, let kind): "section '\(name)' is \(kind), which cannot be iterated or tested"
        case .notInterpolatable(let name, let kind): "'\(name)' is \(kind), which cannot be rendered as text"
        case .recursionTooDeep(let limit): "partials nested deeper than \(limit) levels (a template includes itself?)"
        case .unreadableFile(let path, let detail): "cannot read \(path): \(detail)"
        case .unknownTemplate(let name): "no template named '\(name)'"
        case .encoding(let detail): "cannot encode the context: \(detail)"
        case .invalidJSON(let detail): "invalid JSON: \(detail)"
        }
    }

    public var description: String {
        guard let position else { return message }
        return "\(position): \(message)"
    }
}
