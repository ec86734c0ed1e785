/// Appends UTF-8 bytes, escaping the five characters that matter in HTML text and attributes.
///
/// Runs between special characters are copied whole, so text with nothing to escape costs one
/// table lookup per byte and one copy.
enum HTMLEscaping {
    private static let replacements: [[UInt8]] = {
        var table = [[UInt8]](repeating: [], count: 256)
        table[Int(UInt8.ampersand)] = Array("&amp;".utf8)
        table[Int(UInt8.lessThan)] = Array("&lt;".utf8)
        table[Int(UInt8.greaterThan)] = Array("&gt;".utf8)
        table[Int(UInt8.quote)] = Array("&quot;".utf8)
        table[Int(UInt8.apostrophe)] = Array("&#39;".utf8)
        return table
    }()

    /// One flag per byte value: does it need escaping?
    private static let special: [Bool] = (0..<256).map { !replacements[$0].isEmpty }

    static func append(_ text: UnsafeBufferPointer<UInt8>, to output: inout OutputBuffer) {
        special.withUnsafeBufferPointer { special in
            var runStart = 0
            for offset in 0..<text.count where special[Int(text[offset])] {
                output.append(UnsafeBufferPointer(rebasing: text[runStart..<offset]))
                replacements[Int(text[offset])].withUnsafeBufferPointer { output.append($0) }
                runStart = offset + 1
            }
            output.append(UnsafeBufferPointer(rebasing: text[runStart..<text.count]))
        }
    }
}
