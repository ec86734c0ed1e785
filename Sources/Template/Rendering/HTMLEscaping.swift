/// Appends UTF-8 bytes, escaping the five characters that matter in HTML text and attributes.
///
/// Runs between special characters are copied whole; the test per byte is a bit lookup (all five
/// characters are below 64), and entities come from static strings, so escaping costs no
/// reference counting.
///
/// The test is per UTF-8 byte, never per `Character`: a `<` after a prepending or combining scalar
/// (U+0600, U+0301) shares its grapheme cluster, and a comparison of clusters would let it through.
public enum HTMLEscaping {
    /// Bit `b` is set when byte `b` (< 64) must be escaped: `"` 34, `&` 38, `'` 39, `<` 60, `>` 62.
    private static let specialBelow64: UInt64 = 1 << 34 | 1 << 38 | 1 << 39 | 1 << 60 | 1 << 62

    /// `text` escaped for HTML text and attribute values, for pages built outside a template.
    public static func escape(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            var output = OutputBuffer(capacity: bytes.count + bytes.count / 8)
            append(bytes, to: &output)
            return output.string
        }
    }

    static func append(_ text: UnsafeBufferPointer<UInt8>, to output: inout OutputBuffer) {
        var runStart = 0
        var offset = 0
        let count = text.count
        while offset < count {
            let byte = text[offset]
            if byte < 64, specialBelow64 & (1 << UInt64(byte)) != 0, let entity = entity(for: byte) {
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
