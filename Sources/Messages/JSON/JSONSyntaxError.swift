/// The request body is not acceptable JSON (a 400 before any field is looked at): what is wrong,
/// where in the text, and for a duplicate member the field path it would have had.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable, Hashable {
    /// 1-based line and column (in Unicode scalars) of the offending text.
    public struct Position: Sendable, Hashable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        public var description: String { "line \(line), column \(column)" }
    }

    public let detail: String
    /// Set for a problem that belongs to a member (a duplicate name): `context.customerName`.
    public let path: FieldPath?
    public let position: Position

    public var description: String { "invalid JSON at \(position): \(detail)" }
}
