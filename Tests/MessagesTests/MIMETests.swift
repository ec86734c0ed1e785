import Foundation
import Testing
@testable import Messages

@Suite struct MIMETests {
    static let bodies = [
        "",
        "Hello",
        "line one\nline two\n",
        "windows\r\nline ends\r\n",
        String(repeating: "a", count: 200),
        String(repeating: "é", count: 120),
        String(repeating: "€ 1 234,50 ", count: 30),
        "trailing space \nand tab\t\nequals = sign and =3D literal\n",
        "emoji 👩🏽‍💻 and CJK 漢字 " + String(repeating: "x", count: 70) + "🎉",
        "From the start\n.dot line\n",
    ]

    @Test(arguments: bodies)
    func quotedPrintableRoundTripsAndKeepsLinesShort(_ body: String) {
        let encoded = QuotedPrintable.encode(body)
        #expect(QuotedPrintable.decode(encoded) == body.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(encoded.utf8.allSatisfy { $0 == 13 || $0 == 10 || $0 == 9 || (32...126).contains($0) })
        let lines = encoded.components(separatedBy: "\r\n")
        for line in lines {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(!line.contains("\r") && !line.contains("\n"))
            #expect(!line.hasSuffix(" ") && !line.hasSuffix("\t"))
        }
    }

    @Test func theHeaderBlockAloneIsReadUpToTheFirstBlankLine() {
        #expect(ParsedEmail.headers(of: "Subject: a\r\n folded\r\nTo: b\r\n\r\nBody: not a header\r\n\r\n").map(\.name) == ["Subject", "To"])
        #expect(ParsedEmail.headers(of: "Subject: a\r\n folded\r\n\r\n").first?.value == "a\r\n folded")
        #expect(ParsedEmail.headers(of: "X: 1\r\n\r\r\n\r\n").map(\.name) == ["X"], "a lone CR is not the blank line")
        #expect(ParsedEmail.headers(of: "Subject: no blank line\r\n").isEmpty)
        #expect(ParsedEmail.headers(of: "").isEmpty)
    }

    @Test func encodedWordsStayWithinTheirLimitsAndDecode() {
        let subject = "Atelier Nord – Atelier « Tour & <Émail> » — l'été : votre 2e échéance de 1 234,50 € est payée 👩🏽‍💻"
        let words = EncodedWord.encode(subject, firstWordLimit: 60)
        #expect(words.count > 1)
        #expect(words[0].count <= 60)
        for word in words { #expect(word.count <= 75 && word.hasPrefix("=?utf-8?q?") && word.hasSuffix("?=")) }
        #expect(EncodedWord.decodeHeaderValue(words.joined(separator: "\r\n ")) == subject)
        #expect(EncodedWord.decodeHeaderValue("=?UTF-8?B?Wm/Dqw==?= <zoe@example.com>") == "Zoë <zoe@example.com>")
        #expect(EncodedWord.decodeHeaderValue("plain text =?utf-8?q?caf=C3=A9?= end") == "plain text café end")
    }

    func compose(subject: String = "Your receipt", to: [EmailAddress] = [EmailAddress(email: "zoe@example.com", name: "Zoë O'Brien")],
                 text: String = "Hello\n", html: String = "<p>Hello</p>\n", id: String = "m-1") throws -> MIMEComposer.Output {
        try MIMEComposer().compose(MIMEComposer.Parts(
            from: EmailAddress(email: "no-reply@atelier-nord.example", name: "Atelier Nord"), to: to,
            subject: subject, text: text, html: html, id: id, date: PreviewSample.referenceTime))
    }

    @Test func composesAMultipartAlternativeMessageTextFirst() throws {
        let output = try compose()
        #expect(output.eml == """
            From: Atelier Nord <no-reply@atelier-nord.example>\r
            To: =?utf-8?q?Zo=C3=AB_O=27Brien?= <zoe@example.com>\r
            Subject: Your receipt\r
            Date: Tue, 03 Mar 2026 09:00:00 +0000\r
            Message-ID: <m-1@atelier-nord.example>\r
            MIME-Version: 1.0\r
            Auto-Submitted: auto-generated\r
            Content-Type: multipart/alternative;\r
             boundary="=_herald_alternative"\r
            \r
            --=_herald_alternative\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Hello\r
            \r
            --=_herald_alternative\r
            Content-Type: text/html; charset=utf-8\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            <p>Hello</p>\r
            \r
            --=_herald_alternative--\r

            """)
        #expect(output.headers["Message-ID"] == "<m-1@atelier-nord.example>")
    }

    @Test func isDeterministicAndUsesOnlyCRLF() throws {
        let first = try compose(subject: "Zoë: 1 234,50 €", text: String(repeating: "é ", count: 300), html: "<p>\(String(repeating: "x", count: 2000))</p>")
        let second = try compose(subject: "Zoë: 1 234,50 €", text: String(repeating: "é ", count: 300), html: "<p>\(String(repeating: "x", count: 2000))</p>")
        #expect(first == second)
        let bytes = Array(first.eml.utf8)
        for (index, byte) in bytes.enumerated() {
            #expect(byte < 128)
            if byte == 10 { #expect(index > 0 && bytes[index - 1] == 13) }
            if byte == 13 { #expect(index + 1 < bytes.count && bytes[index + 1] == 10) }
        }
        for line in first.eml.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
    }

    @Test func foldsLongSubjectsAndManyRecipients() throws {
        let subject = "Atelier Nord – " + Array(repeating: "Céramique avancée", count: 12).joined(separator: " ")
        var recipients = (1...6).map { EmailAddress(email: "person\($0)@example.com", name: $0 == 3 ? "Doe, \"Jo\"" : "Person \($0)") }
        let longName = "Zoë Ó'Brien-Lefèvre de la Montagne-Sainte-Geneviève, née Åkesson-Øvergård"
        recipients.append(EmailAddress(email: "zoe@example.com", name: longName))
        let parsed = try ParsedEmail(parsing: try compose(subject: subject, to: recipients).eml)
        #expect(parsed.decodedHeader("Subject") == subject)
        let to = try #require(parsed.decodedHeader("To"))
        #expect(to.contains(#""Doe, \"Jo\"" <person3@example.com>"#))
        #expect(to.contains("Person 6 <person6@example.com>"))
        #expect(to.hasSuffix(", \(longName) <zoe@example.com>"))
        for header in parsed.headers {
            for line in "\(header.name): \(header.value)".components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
        }
        let longWord = String(repeating: "x", count: 900)
        let eml = try compose(subject: longWord).eml
        for line in eml.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998) }
        #expect(try ParsedEmail(parsing: eml).decodedHeader("Subject") == longWord)
    }

    @Test func refusesLineBreaksAndBadIDsInItsOwnInputs() {
        #expect(throws: MIMEError.lineBreakInHeader("Subject")) { try compose(subject: "a\r\nBcc: x@evil.example") }
        #expect(throws: MIMEError.lineBreakInHeader("display name")) { try compose(to: [EmailAddress(email: "a@example.com", name: "a\nb")]) }
        #expect(throws: MIMEError.invalidMessageID("a b")) { try compose(id: "a b") }
        #expect(throws: MIMEError.self) { try compose(to: [EmailAddress(email: "a@example.com, b@example.com")]) }
        #expect(throws: MIMEError.noRecipients) { try compose(to: []) }
    }

    @Test func parsesConfiguredMailboxes() throws {
        #expect(try AddressValidator.parseMailbox("Herald <no-reply@localhost>") == EmailAddress(email: "no-reply@localhost", name: "Herald"))
        #expect(try AddressValidator.parseMailbox("\"Atelier, Nord\" <a@example.com>") == EmailAddress(email: "a@example.com", name: "Atelier, Nord"))
        #expect(try AddressValidator.parseMailbox("a@example.com") == EmailAddress(email: "a@example.com"))
        #expect(throws: MailboxSyntaxError.self) { try AddressValidator.parseMailbox("not an address") }
    }
}
