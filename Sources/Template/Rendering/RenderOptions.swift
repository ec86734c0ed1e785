public import Foundation

/// What a rendered template is, which decides how `{{name}}` escapes values.
public enum ContentType: Sendable, Hashable {
    /// HTML: `{{name}}` escapes `& < > " '`; `{{{name}}}` and `{{&name}}` do not.
    case html
    /// Plain text (subjects, text parts): nothing is escaped.
    case text
}

/// How to render: escaping, strictness and the locale values format themselves in.
public struct RenderOptions: Sendable {
    public enum Mode: Sendable, Hashable {
        /// As the Mustache spec says: a missing name renders nothing, a missing partial is empty.
        case spec
        /// For templates we own: a missing name, a missing partial, or a section over a value that
        /// cannot be iterated or tested is an error naming the template, line and column.
        case strict
    }

    public var contentType: ContentType
    public var mode: Mode
    public var locale: Locale
    /// Words a ``TemplateFormattable`` value may use instead of its locale's default formatting,
    /// for conventions CLDR does not have (French writes the first of the month "1er").
    public var formattingOverrides: [String: String]
    /// How deeply partials and parents may nest before the render stops (guards self-inclusion).
    public var maximumDepth: Int

    public init(
        contentType: ContentType = .html, mode: Mode = .spec, locale: Locale = Locale(identifier: "en_US_POSIX"),
        maximumDepth: Int = 64, formattingOverrides: [String: String] = [:]
    ) {
        self.contentType = contentType
        self.mode = mode
        self.locale = locale
        self.maximumDepth = maximumDepth
        self.formattingOverrides = formattingOverrides
    }
}
