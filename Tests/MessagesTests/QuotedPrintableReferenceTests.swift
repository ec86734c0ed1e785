import Foundation
import Testing
import TestSupport
@testable import Messages

/// The encoder copies runs of printable bytes eight at a time; its output must be, byte for byte,
/// what the rule written one character at a time gives (`reference`), on text full of the cases
/// that matter: `=`, tabs and spaces at line ends, CR without LF, multi-byte characters at the
/// 76-character limit, long lines.
@Suite struct QuotedPrintableReferenceTests {
    @Test func theEncoderWritesWhatTheRuleSays() {
        var random = SplitMix64(seed: 2045)
        let pieces = ["a", "word ", "=", " ", "\t", "\n", "\r\n", "\r", "é", "€", "😀", "<p class=\"x\">", String(repeating: "x", count: 70),
                      String(repeating: "y ", count: 40), "\u{7F}", "\u{01}", "~!"]
        for _ in 0..<2_000 {
            let count = Int(random.next() % 60)
            let text = (0..<count).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            #expect(Array(QuotedPrintable.encode(text).utf8) == reference(text), "\(Array(text.utf8))")
        }
    }

    /// RFC 2045 §6.7 per character: printable ASCII but `=` as is, space and tab as is unless last
    /// on the line, everything else `=XX` per byte; a soft break before a token that would pass 75.
    private func reference(_ text: String) -> [UInt8] {
        let segments = Array(text.utf8).split(separator: 10, omittingEmptySubsequences: false)
        var output: [UInt8] = []
        for (segmentIndex, segment) in segments.enumerated() {
            let hasLineFeed = segmentIndex < segments.count - 1
            // Only a CR before an LF belongs to the line break.
            let line = hasLineFeed && segment.last == 13 ? segment.dropLast() : segment
            var length = 0
            var index = line.startIndex
            while index < line.endIndex {
                let byte = line[index]
                let width = byte >= 0xF0 && byte <= 0xF7 ? 4 : byte >= 0xE0 && byte <= 0xEF ? 3 : byte >= 0xC0 && byte <= 0xDF ? 2 : 1
                let characterLength = min(width, line.endIndex - index)
                let isLast = index + characterLength == line.endIndex
                let literal = characterLength == 1 && (((33...126).contains(byte) && byte != 61) || ((byte == 32 || byte == 9) && !isLast))
                let token: [UInt8] = literal ? [byte] : line[index..<index + characterLength].flatMap { Array(String(format: "=%02X", $0).utf8) }
                if length + token.count > 75 {
                    output += [61, 13, 10]
                    length = 0
                }
                output += token
                length += token.count
                index += characterLength
            }
            if hasLineFeed { output += [13, 10] }
        }
        return output
    }
}
