import Foundation
import Testing
@testable import Messages

/// `Reply-To` (the brand's support address unless configured) and the `Message-ID` domain (the
/// sender's unless configured) of every composed message.
@Suite struct ReplyToAndMessageIDTests {
    static let sender = EmailAddress(email: "no-reply@atelier-nord.example", name: "Atelier Nord")

    func compose(_ catalog: MessageCatalog, id: String = "hdr-1") throws -> ComposedMessage {
        let request = MessageCatalog.Request(message: "installment-paid", locale: "en", to: [EmailAddress(email: "zoe@example.com")],
                                             context: Fixtures.sample(.installmentPaid, "first-installment"))
        return try catalog.compose(request, id: id, now: PreviewSample.referenceTime).message
    }

    @Test func repliesGoToTheBrandsSupportAddressByDefault() throws {
        let message = try compose(MessageCatalog(renderer: Fixtures.renderer, sender: Self.sender))
        let parsed = try ParsedEmail(parsing: message.eml)
        #expect(parsed.decodedHeader("Reply-To") == Brand.sample.supportEmail)
        #expect(message.headers["Reply-To"] == Brand.sample.supportEmail)
        #expect(message.text.contains(Brand.sample.supportEmail), "the address the footer names")
    }

    @Test func theMessageIDDomainIsTheSendersDomainByDefault() throws {
        let message = try compose(MessageCatalog(renderer: Fixtures.renderer, sender: Self.sender))
        #expect(message.headers["Message-ID"] == "<hdr-1@atelier-nord.example>")
        let other = try compose(MessageCatalog(renderer: Fixtures.renderer, sender: EmailAddress(email: "billing@shop.example")))
        #expect(other.headers["Message-ID"] == "<hdr-1@shop.example>")
    }

    @Test func bothCanBeConfigured() throws {
        let catalog = MessageCatalog(renderer: Fixtures.renderer, sender: Self.sender,
                                     replyTo: EmailAddress(email: "support@atelier-nord.example", name: "Équipe support"),
                                     messageIDDomain: "mail.atelier-nord.example")
        let message = try compose(catalog)
        let parsed = try ParsedEmail(parsing: message.eml)
        #expect(parsed.decodedHeader("Reply-To") == "Équipe support <support@atelier-nord.example>")
        #expect(parsed.decodedHeader("Message-ID") == "<hdr-1@mail.atelier-nord.example>")
        #expect(message.headers["Reply-To"] == "Équipe support <support@atelier-nord.example>")
        #expect(message.eml.utf8.allSatisfy { $0 < 128 }, "the display name is RFC 2047-encoded")
    }

    @Test func aBadReplyToOrDomainIsAComposeErrorNeverAnInjectedHeader() {
        let injected = MessageCatalog(renderer: Fixtures.renderer, sender: Self.sender,
                                      replyTo: EmailAddress(email: "help@x.example", name: "Help\r\nBcc: evil@example.com"))
        #expect(throws: CatalogError.self) { try compose(injected) }
        let badAddress = MessageCatalog(renderer: Fixtures.renderer, sender: Self.sender, replyTo: EmailAddress(email: "help at x"))
        #expect(throws: CatalogError.self) { try compose(badAddress) }
        for domain in ["", "a..b", "-a.example", "a_b.example", "x.example>\r\nBcc: e@x", String(repeating: "a", count: 64) + ".example"] {
            let catalog = MessageCatalog(renderer: Fixtures.renderer, sender: Self.sender, messageIDDomain: domain)
            #expect(throws: CatalogError.self, "\(domain)") { try compose(catalog) }
        }
    }

    @Test func domainRules() {
        for good in ["atelier-nord.example", "mail.x.example", "localhost", "a1.b2"] { #expect(MIMEComposer.domainProblem(good) == nil, "\(good)") }
        for bad in ["", ".x", "x.", "a b", "é.example", "a-.example"] { #expect(MIMEComposer.domainProblem(bad) != nil, "\(bad)") }
    }
}
