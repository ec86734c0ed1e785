import TestSupport
import Foundation
import HeraldTesting
import Messages
import Testing
@testable import Herald

/// `HERALD_BRAND_REPLY_TO` and `HERALD_MESSAGE_ID_DOMAIN`: read and checked once at startup, then on
/// every message the service composes.
@Suite(.serialized) struct ReplyToConfigurationTests {
    func problems(_ environment: [String: String]) -> String {
        do {
            _ = try HeraldConfiguration.load(environment: environment)
            return ""
        } catch {
            return error.description
        }
    }

    @Test func repliesGoToTheSupportAddressUnlessSet() throws {
        #expect(try HeraldConfiguration.load(environment: [:]).replyTo == EmailAddress(email: Brand.sample.supportEmail))
        let support = try HeraldConfiguration.load(environment: ["HERALD_SUPPORT_EMAIL": "care@shop.example"])
        #expect(support.replyTo == EmailAddress(email: "care@shop.example"))
        let set = try HeraldConfiguration.load(environment: ["HERALD_SUPPORT_EMAIL": "care@shop.example",
                                                             "HERALD_BRAND_REPLY_TO": "Shop Support <answers@shop.example>"])
        #expect(set.replyTo == EmailAddress(email: "answers@shop.example", name: "Shop Support"))
        #expect(set.masked.contains { $0 == ("replyTo", "answers@shop.example") })
    }

    @Test func theMessageIDDomainIsTheSendersUnlessSet() throws {
        let renderer = try MessageRenderer(templatesDirectory: HeraldBinary.repositoryRoot.appendingPathComponent("Templates"))
        #expect(try HeraldConfiguration.load(environment: [:]).catalog(renderer: renderer).messageIDDomain == nil)
        let set = try HeraldConfiguration.load(environment: ["HERALD_MESSAGE_ID_DOMAIN": "mail.shop.example"])
        #expect(set.catalog(renderer: renderer).messageIDDomain == "mail.shop.example")
        #expect(set.catalog(renderer: renderer).replyTo == EmailAddress(email: Brand.sample.supportEmail))
    }

    @Test func badValuesStopStartupWithTheirSetting() {
        #expect(problems(["HERALD_BRAND_REPLY_TO": "Help\r\nBcc: x@y.example"]).contains("HERALD_BRAND_REPLY_TO (--brand-reply-to): must not contain a line break"))
        #expect(problems(["HERALD_BRAND_REPLY_TO": "not an address"]).contains("HERALD_BRAND_REPLY_TO (--brand-reply-to): expected"))
        #expect(problems(["HERALD_SUPPORT_EMAIL": "help@x..example"]).contains("HERALD_SUPPORT_EMAIL (--support-email): is the Reply-To of every message and"))
        #expect(problems(["HERALD_SUPPORT_EMAIL": "help@x..example", "HERALD_BRAND_REPLY_TO": "help@x.example"]) == "",
                "a support address the footer shows need not be the Reply-To when one is set")
        for domain in ["a..b", "x.example>", "é.example", "-x.example"] {
            #expect(problems(["HERALD_MESSAGE_ID_DOMAIN": domain]).contains("HERALD_MESSAGE_ID_DOMAIN (--message-id-domain):"), "\(domain)")
        }
    }

    private func delivered(_ herald: HeraldProcess, to email: String) async throws -> OutboxMessage {
        let client = HTTPClient(port: herald.port)
        let response = try client.post("/v1/messages", try SendRequests.body("payment-approved", to: email))
        #expect(response.status == 202, "\(response.text)")
        let outbox = TestOutbox(path: herald.directory.appendingPathComponent("var/outbox.jsonl").path)
        return try await outbox.waitForMessage(OutboxFilter(to: email), timeout: .seconds(20))
    }

    @Test func theServiceSetsBothHeadersOnEveryMessage() async throws {
        let configured = try HeraldProcess(environment: ["HERALD_FROM": "Shop <no-reply@shop.example>",
                                                         "HERALD_BRAND_REPLY_TO": "Shop Support <answers@shop.example>"])
        defer { configured.stop() }
        let message = try await delivered(configured, to: "reply@example.com")
        let parsed = try ParsedEmail(parsing: message.eml)
        #expect(parsed.decodedHeader("Reply-To") == "Shop Support <answers@shop.example>")
        #expect(parsed.decodedHeader("Message-ID") == "<\(message.id)@shop.example>", "the sender's domain, not localhost")
        #expect(parsed.decodedHeader("Auto-Submitted") == "auto-generated")

        let domain = try HeraldProcess(environment: ["HERALD_FROM": "no-reply@shop.example", "HERALD_MESSAGE_ID_DOMAIN": "mail.shop.example"])
        defer { domain.stop() }
        let other = try await delivered(domain, to: "domain@example.com")
        let otherParsed = try ParsedEmail(parsing: other.eml)
        #expect(otherParsed.decodedHeader("Message-ID") == "<\(other.id)@mail.shop.example>")
        #expect(otherParsed.decodedHeader("Reply-To") == Brand.sample.supportEmail, "the support address by default")
    }
}
