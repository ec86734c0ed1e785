/// Where something is in a template's source: 1-based line and column (in Unicode scalars).
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    /// The template's display name: its file path when it was loaded from a file.
    public let template: String
    public let line: Int
    public let column: Int

    public init(template: String, line: Int, column: Int) {
        self.template = template
        self.line = line
        self.column = column
    }

    public var description: String { "\(template):\(line):\(column)" }
}
