/// What a rendered template is, which decides how `{{name}}` escapes values.
public enum ContentType: Sendable, Hashable {
    /// HTML: `{{name}}` escapes `& < > " '`; `{{{name}}}` and `{{&name}}` do not.
    case html
    /// Plain text (subjects, text parts): nothing is escaped.
    case text
}
