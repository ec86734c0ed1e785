/// Where a value sits in a request, written the way error responses show it:
/// `context.schedule[2].amount.currency` (0-based indices, README "API").
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    public private(set) var description: String

    public init(_ root: String) {
        description = root
    }

    public func appending(_ key: String) -> FieldPath {
        var path = self
        path.description += description.isEmpty ? key : "." + key
        return path
    }

    public func appending(index: Int) -> FieldPath {
        var path = self
        path.description += "[\(index)]"
        return path
    }
}
