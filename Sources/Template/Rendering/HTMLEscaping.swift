/// Appends UTF-8 bytes, escaping the five characters that matter in HTML text and attributes.
///
/// Runs between special characters are copied whole, so text with nothing to escape costs one copy.
enum HTMLEscaping {
    private static let ampersand = Array("&amp;".utf8)
    private static let lessThan = Array("&lt;".utf8)
    private static let greaterThan = Array("&gt;".utf8)
    private static let quote = Array("&quot;".utf8)
    private static let apostrophe = Array("&#39;".utf8)

    static func append(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        var runStart = 0
        for offset in 0..<text.count {
            let byte = text[offset]
            guard byte <= .greaterThan else { continue }
            let replacement: [UInt8]
            switch byte {
            case .ampersand: replacement = ampersand
            case .lessThan: replacement = lessThan
            case .greaterThan: replacement = greaterThan
            case .quote: replacement = quote
            case .apostrophe: replacement = apostrophe
            default: continue
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<offset]))
            output.append(contentsOf: replacement)
            runStart = offset + 1
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<text.count]))
    }
}
