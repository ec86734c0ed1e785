import Foundation
import Testing
@testable import Messages

/// The documented address syntax (see `AddressValidator`), and display names typed by people.
@Suite struct AddressSyntaxTests {
    @Test(arguments: ["a@b.co", "no-reply@localhost", "first.last+tag@mail.example.com", "o'brien@example.ie", "x@xn--bcher-kva.example",
                      "!#$%&'*+-/=^_`{|}~@example.com", String(repeating: "a", count: 64) + "@example.com"])
    func acceptsPlainAddresses(_ email: String) {
        #expect(AddressValidator.problem(with: email) == nil)
    }

    @Test(arguments: ["a..b@c.com", ".a@c.com", "a.@c.com", "=?utf-8?q?x?=@b.com", "a=?b@c.com", "\"quoted\"@c.com", "a b@c.com",
                      "a@b@c.com", "a@", "@b.com", "a@-b.com", "a@b-.com", "a@b..com", "a@[127.0.0.1]", "zoë@example.com", "a@exämple.com",
                      "a(comment)@c.com", "a,b@c.com", String(repeating: "a", count: 65) + "@example.com",
                      "a@" + String(repeating: "b", count: 64) + ".com", "a@b.com\r\nBcc: x@evil.example"])
    func refusesEverythingElse(_ email: String) {
        #expect(AddressValidator.problem(with: email) != nil)
    }

    @Test func encodedWordLookAlikesSayWhy() {
        #expect(AddressValidator.problem(with: "=?utf-8?q?x?=@b.com")?.contains("encoded word") == true)
    }

    @Test func quotedPairsInDisplayNamesAreUnescaped() throws {
        let mailbox = try AddressValidator.parseMailbox(#""Équipe \"Paiements\", Atelier" <paiements@atelier.example>"#)
        #expect(mailbox == EmailAddress(email: "paiements@atelier.example", name: #"Équipe "Paiements", Atelier"#))
        #expect(try AddressValidator.parseMailbox(#""a\\b" <a@b.co>"#).name == #"a\b"#)
        #expect(try AddressValidator.parseMailbox("J. Doe   Jr <a@b.co>").name == "J. Doe Jr")
        #expect(try AddressValidator.parseMailbox("Zoë \"the\" Brien <a@b.co>").name == "Zoë the Brien")
        #expect(try AddressValidator.parseMailbox("<a@b.co>") == EmailAddress(email: "a@b.co"))
        #expect(try AddressValidator.parseMailbox("  a@b.co ") == EmailAddress(email: "a@b.co"))
    }

    @Test(arguments: [#"Équipe "Paiements", Atelier <a@b.co>"#, "a, b <a@b.co>", #""unterminated <a@b.co>"#, "Name <a..b@c.com>",
                      "Name <>", "a@b.co, c@d.co", "\"\" <a@b.co>x", "Name\u{7} <a@b.co>"])
    func refusesMailboxesThatCannotBeWrittenSafely(_ text: String) {
        #expect(throws: MailboxSyntaxError.self) { try AddressValidator.parseMailbox(text) }
    }

    /// What is parsed is written back as a header that every reader (ours and Python's `email`)
    /// reads as the same name and address.
    @Test(arguments: [#""Équipe \"Paiements\", Atelier" <paiements@atelier.example>"#, #""a\\b \"c\"" <a@b.co>"#,
                      #""Atelier, Nord" <a@b.co>"#, "Zoë O'Brien <z@b.co>"])
    func displayNamesRoundTripThroughTheComposedHeader(_ text: String) throws {
        let mailbox = try AddressValidator.parseMailbox(text)
        let output = try MIMEComposer().compose(MIMEComposer.Parts(
            from: mailbox, to: [mailbox], subject: "s", text: "t", html: "<p>h</p>", id: "id-1", date: Date(timeIntervalSince1970: 0)))
        let parsed = try ParsedEmail(parsing: output.eml)
        let header = try #require(parsed.headers.first { $0.name == "From" }?.value)
        #expect(PythonEmail.mailbox(header) == [mailbox.name ?? "", mailbox.email])
    }
}
