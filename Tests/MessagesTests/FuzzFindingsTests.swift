import Foundation
import Messages
import Testing

/// Inputs the fuzz targets (`make fuzz`) found, replayed through the public API they broke.
@Suite struct FuzzFindingsTests {
    /// FuzzMIMEEncoding crash-738a0e21 (bytes 00 72 86 0d): a CR at the very end of a body was
    /// taken for half of a line break and dropped, so the text did not round-trip.
    @Test(arguments: ["r\u{FFFD}\r", "\r", "a\r\r", "end of text\r"])
    func aTrailingCarriageReturnSurvivesQuotedPrintable(_ text: String) throws {
        let encoded = QuotedPrintable.encode(text)
        #expect(Array(QuotedPrintable.decode(encoded).utf8) == Array(text.replacingOccurrences(of: "\r\n", with: "\n").utf8))
        let parts = MIMEComposer.Parts(
            from: EmailAddress(email: "no-reply@example.com"), to: [EmailAddress(email: "someone@example.com")],
            subject: "s", text: text, html: text, id: "fuzz", date: Date(timeIntervalSince1970: 0))
        let parsed = try ParsedEmail(parsing: MIMEComposer().compose(parts).eml)
        #expect(parsed.parts.map { Array($0.body.utf8) } == [Array(text.utf8), Array(text.utf8)])
    }

    /// FuzzMIMEEncoding crash-6698ee2a: a first-line room over 75 produced one encoded-word of 219
    /// characters; RFC 2047 allows 75 whatever room the header has.
    @Test func noEncodedWordIsLongerThan75CharactersWhateverTheRoom() {
        for room in [76, 200, 255, Int.max] {
            let words = EncodedWord.encode(String(repeating: "\u{FFFD}", count: 23), firstWordLimit: room)
            #expect(words.allSatisfy { $0.utf8.count <= EncodedWord.maximumWordLength }, "room \(room): \(words)")
            #expect(EncodedWord.decodeHeaderValue(words.joined(separator: "\r\n ")) == String(repeating: "\u{FFFD}", count: 23))
        }
    }
}
