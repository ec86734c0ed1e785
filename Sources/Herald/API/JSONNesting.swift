/// A guard run before any JSON parser sees a body: Foundation's decoder recurses once per level,
/// so a few hundred `[` could exhaust a worker's stack. No Herald request nests deeper than a
/// handful of levels; deeper input is a `400`, never a crash.
enum JSONNesting {
    static let limit = 32

    /// Whether arrays/objects in `bytes` nest deeper than `limit` (brackets inside strings ignored).
    static func exceedsLimit(_ bytes: [UInt8], limit: Int = JSONNesting.limit) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > limit { return true }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return false
    }
}
