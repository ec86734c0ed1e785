/// Appends UTF-8 bytes, escaping the five characters that matter in HTML text and attributes.
///
/// Runs between special characters are copied whole; the test per byte is one comparison for
/// the common case (all five characters are below `?`), and entities come from static strings,
/// so escaping costs no reference counting.
enum HTMLEscaping {
    static func append(_ text: UnsafeBufferPointer<UInt8>, to output: inout OutputBuffer) {
        var runStart = 0
        var offset = 0
        let count = text.count
        while offset < count {
            let byte = text[offset]
            if byte <= .greaterThan, let entity = entity(for: byte) {
                output.append(UnsafeBufferPointer(rebasing: text[runStart..<offset]))
                entity.withUTF8Buffer { output.append($0) }
                runStart = offset + 1
            }
            offset += 1
        }
        output.append(UnsafeBufferPointer(rebasing: text[runStart..<count]))
    }

    @inline(__always)
    private static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case .ampersand: "&amp;"
        case .lessThan: "&lt;"
        case .greaterThan: "&gt;"
        case .quote: "&quot;"
        case .apostrophe: "&#39;"
        default: nil
        }
    }
}
