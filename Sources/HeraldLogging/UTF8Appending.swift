extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text` in one copy: appending `text.utf8` as a sequence goes byte by byte,
    /// which costs more than the rest of a log line.
    package mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
