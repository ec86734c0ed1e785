import Foundation
import FuzzSupport
import Messages

/// Quoted-printable bodies and RFC 2047 encoded-words, round-tripped: any text, encoded, must be
/// well-formed 7-bit output within the line limits, and a strict decoder written here (not the
/// repository's lenient one) must give the text back; a composed message must read back through
/// `ParsedEmail` with the same subject and bodies.
@main enum FuzzMIMEEncoding {
    static func main() { FuzzDriver.run(fuzzOneInput) }

    static func check(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let firstWordLimit = Int(input.byte())
        let text = String(decoding: input.rest(), as: UTF8.self)
        checkQuotedPrintable(text)
        checkEncodedWords(text, firstWordLimit: firstWordLimit)
        checkComposedMessage(text)
    }

    /// RFC 2045 §6.7: a hard line break in the text is CRLF in the encoding, and decodes to LF.
    static func checkQuotedPrintable(_ text: String) {
        let encoded = QuotedPrintable.encode(text)
        let decoded = StrictDecoder.quotedPrintable(encoded)
        fuzzRequire(decoded != nil, "malformed quoted-printable for \(Array(text.utf8)): \(Array(encoded.utf8))")
        let expected = StrictDecoder.crlfToLF(Array(text.utf8))
        fuzzRequire(decoded == expected, "quoted-printable round trip of \(Array(text.utf8)) gave \(decoded ?? [])")
        fuzzRequire(Array(QuotedPrintable.decode(encoded).utf8) == expected, "QuotedPrintable.decode disagrees for \(Array(text.utf8))")
    }

    static func checkEncodedWords(_ text: String, firstWordLimit: Int) {
        let words = EncodedWord.encode(text, firstWordLimit: firstWordLimit)
        var payload: [UInt8] = []
        for (index, word) in words.enumerated() {
            // The first word fits the room left on the header's first line, or the smallest useful word.
            let limit = index == 0 ? min(max(firstWordLimit, 24), EncodedWord.maximumWordLength) : EncodedWord.maximumWordLength
            fuzzRequire(word.utf8.count <= limit, "encoded-word \(index) of \(word.utf8.count) characters (limit \(limit)): \(word)")
            let bytes = StrictDecoder.encodedWord(word)
            fuzzRequire(bytes != nil, "malformed encoded-word \(word)")
            fuzzRequire(String(validating: bytes ?? [], as: UTF8.self) != nil, "encoded-word \(word) splits a character")
            payload += bytes ?? []
        }
        fuzzRequire(payload == Array(text.utf8), "encoded-words of \(Array(text.utf8)) decode to \(payload)")
        let folded = words.joined(separator: "\r\n ")
        fuzzRequire(EncodedWord.decodeHeaderValue(folded) == text, "decodeHeaderValue of \(folded) is not the text")
    }

    private static let sender = EmailAddress(email: "no-reply@example.com", name: "Herald")
    private static let recipient = EmailAddress(email: "someone@example.com")

    static func checkComposedMessage(_ text: String) {
        let subject = String(text.unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init))
        let parts = MIMEComposer.Parts(from: sender, to: [recipient], subject: subject, text: text, html: text, id: "fuzz", date: Date(timeIntervalSince1970: 0))
        let output: MIMEComposer.Output
        do {
            output = try MIMEComposer().compose(parts)
        } catch {
            fuzzRequire(false, "compose refused \(Array(subject.utf8)): \(error)")
            return
        }
        let parsed: ParsedEmail
        do {
            parsed = try ParsedEmail(parsing: output.eml)
        } catch {
            fuzzRequire(false, "composed message does not parse back (\(error)): \(output.eml)")
            return
        }
        fuzzRequire(parsed.decodedHeader("Subject") == subject, "subject \(Array(subject.utf8)) read back as \(Array((parsed.decodedHeader("Subject") ?? "").utf8))")
        let body = String(decoding: StrictDecoder.crlfToLF(Array(text.utf8)), as: UTF8.self)
        fuzzRequire(parsed.parts.map(\.body) == [body, body], "bodies read back differently for \(Array(text.utf8))")
        for line in output.eml.split(separator: "\r\n", omittingEmptySubsequences: false) {
            fuzzRequire(line.utf8.count <= 998, "a line of \(line.utf8.count) bytes (RFC 5322 §2.1.1 limit 998)")
            fuzzRequire(line.utf8.allSatisfy { $0 < 128 && $0 != 13 && $0 != 10 && $0 != 0 }, "8-bit, bare CR/LF or NUL in \(Array(line.utf8))")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzMIMEEncoding.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
