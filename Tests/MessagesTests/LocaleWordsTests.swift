import Foundation
import Testing
@testable import Messages

/// How catalog texts become parts (README "Locales"), and the phrasing fixes of issue 12 item 4,
/// each on rendered output (the goldens hold them too).
@Suite struct LocaleWordsTests {
    func render(_ kind: MessageKind, _ variant: String, _ locale: String, now: Date = PreviewSample.referenceTime) throws -> RenderedMessage {
        try Fixtures.renderer.render(kind, context: Fixtures.sample(kind, variant), locale: locale, now: now)
    }

    @Test func catalogTextIsEscapedInHTMLButEmphasisIsKept() {
        let text = "Tom & <Jerry> \"quoted\" <strong>{{amount}}</strong> {{>supportEmail}}"
        #expect(WordTemplate.source(text, for: .html)
            == "Tom &amp; &lt;Jerry&gt; &quot;quoted&quot; <strong>{{amount}}</strong> {{>_inline/supportEmail.html}}")
        #expect(WordTemplate.source(text, for: .text) == "Tom & <Jerry> \"quoted\" {{amount}} {{>_inline/supportEmail.text}}\n")
    }

    @Test func frenchAllPaidSaysPreleveeOnce() throws {
        let message = try render(.allPaid, "last-installment", "fr")
        for part in [message.html, message.text] {
            let sentence = try #require(part.split(separator: "\n").first { $0.contains("La dernière échéance pour") })
            #expect(sentence.components(separatedBy: "prélevée").count == 2, "\(sentence)")
            #expect(sentence.contains(", sur votre carte se terminant par 4242."))
        }
    }

    @Test func frenchWritesPremierForTheFirstOfTheMonth() throws {
        let french = try render(.installmentPaid, "first-of-month-thousands", "fr")
        #expect(french.text.contains("1re · 1er mars 2026 · 1\u{202F}234,50\u{A0}€"))
        #expect(french.text.contains("5 janvier 2027"))
        #expect(!french.html.contains(">1 mars"))
        #expect(try render(.installmentPaid, "first-of-month-thousands", "fr-CA").text.contains("1er mars 2026"))
        let german = try render(.installmentPaid, "first-of-month-thousands", "de")
        #expect(german.text.contains("1. · 1. März 2026 · 1.234,50\u{A0}€"))
        #expect(german.text.contains("Die nächste Rate wird am 5. Januar 2027 abgebucht."))
        #expect(try render(.installmentPaid, "first-of-month-thousands", "en").text.contains("March 1, 2026"))
    }

    @Test func frenchAmountsAgreeWithTheVerb() throws {
        #expect(try render(.upcomingDebit, "tomorrow", "fr").subject.hasSuffix("200,00\u{A0}€ seront prélevés demain"))
        let json = Fixtures.sample(.upcomingDebit, "tomorrow").setting("amount", Fixtures.json(#"{"amount":"1.50","currency":"EUR"}"#))
            .setting("schedule", Fixtures.json("""
                [{"number":1,"dueDate":"2026-02-04","amount":{"amount":"1.50","currency":"EUR"},"state":"paid"},
                 {"number":2,"dueDate":"2026-03-04","amount":{"amount":"1.50","currency":"EUR"},"state":"pending"}]
                """)).setting("orderTotal", Fixtures.json(#"{"amount":"3.00","currency":"EUR"}"#))
        let single = try Fixtures.renderer.render(.upcomingDebit, context: json, locale: "fr", now: PreviewSample.referenceTime)
        #expect(single.subject.hasSuffix("1,50\u{A0}€ sera prélevé demain"), "CLDR: 1,50 is 'one' in French")
    }

    @Test func aCheckInOnItsDueDaySaysItIsDueToday() throws {
        let today = try render(.checkIn, "due-today-24-hours", "en")
        #expect(today.text.contains("(€1,800.00) is due today. Has your client paid it?"))
        #expect(!today.text.contains("was due on"))
        #expect(try render(.checkIn, "due-today-24-hours", "fr").text.contains("arrive à échéance aujourd’hui"))
        #expect(try render(.checkIn, "due-today-24-hours", "de").text.contains("ist heute fällig"))
        #expect(try render(.checkIn, "no-client-no-amount", "en").text.contains("was due on March 2, 2026"))
        let early = try render(.checkIn, "due-today-24-hours", "en", now: PreviewSample.referenceTime.addingTimeInterval(-86_400))
        #expect(early.text.contains("is due on March 3, 2026"))
    }

    @Test func theTextPartUsesTheButtonsWords() throws {
        for (kind, variant) in CatalogRulesTests.allCases where kind != .checkIn && !CatalogRulesTests.kindsWithoutButton.contains(kind) {
            for locale in ["en", "fr", "de"] {
                let message = try render(kind, variant, locale)
                let label = try #require(message.html.firstMatch(of: /color:#FFFFFF;text-decoration:none;border-radius:6px;mso-padding-alt:0;">([^<]+)<\/a>/)?.1)
                #expect(message.text.contains("\n\(label)\nhttps://"), "\(kind)/\(variant) \(locale): \(label)")
            }
        }
        #expect(try render(.allPaid, "last-installment", "en").text.contains("\nView my order\nhttps://"))
        #expect(!(try render(.allPaid, "last-installment", "en").text.contains("View your order")))
    }
}
