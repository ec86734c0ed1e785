import Testing
import TestSupport
@testable import Messages

/// Subjects are made one line on bytes when that is the same as splitting by `Character`; it must
/// give exactly what the split by characters gives, around combining marks (U+0301 after a
/// space joins it), prepending marks (U+0600 before one), CR LF, and the symbols amounts carry.
@Suite struct SubjectLineTests {
    @Test func oneLineIsTheSplitByCharacters() {
        var random = SplitMix64(seed: 9)
        let pieces = ["a", "Rate", " ", "  ", "\n", "\r\n", "\r", "\t", "\u{301}", "\u{600}", "\u{200D}", "\u{200C}", "€", "\u{202F}",
                      "\u{A0}", "é", "ü", "😀", "\u{1F3FB}", "\u{20D7}", "1 234,50", "\u{903}", "x"]
        for _ in 0..<3_000 {
            let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
            let expected = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
            #expect(MessageRenderer.oneLine(text) == expected, "\(text.unicodeScalars.map { $0.value })")
        }
    }
}
