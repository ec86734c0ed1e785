/// The three parts of a message in one locale, before MIME composition.
public struct RenderedMessage: Sendable, Hashable {
    public var kind: MessageKind
    /// Which templates were used and why (`usedDefault` when the requested locale had none).
    public var locale: LocaleResolution
    /// One line, whitespace collapsed.
    public var subject: String
    public var html: String
    public var text: String
}
