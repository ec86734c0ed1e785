import Foundation
import Testing
@testable import Messages

/// payment-submitted, payment-approved, payment-rejected: their words in every locale, and their
/// free-text fields (the payer's and the operator's words) escaped in HTML and refused when they
/// could inject a header, carry control characters or are too long.
@Suite struct ManualPaymentMessagesTests {
    static let kinds: [MessageKind] = [.paymentSubmitted, .paymentApproved, .paymentRejected]
    /// The one-line texts each kind takes from its caller.
    static let freeTexts: [MessageKind: [String]] = [
        .paymentSubmitted: ["customerName", "invoiceNumber", "method", "payerReference", "instructions"],
        .paymentApproved: ["customerName", "invoiceNumber", "payerReference", "unlocked"],
        .paymentRejected: ["customerName", "invoiceNumber", "payerReference", "reason"],
    ]

    static func base(_ kind: MessageKind) -> JSONValue {
        switch kind {
        case .paymentSubmitted: Fixtures.sample(kind, "bank-transfer")
        case .paymentApproved: Fixtures.sample(kind, "plan-unlocked")
        default: Fixtures.sample(kind, "reference-not-found")
        }
    }

    func render(_ kind: MessageKind, _ context: JSONValue, _ locale: String) throws -> RenderedMessage {
        try Fixtures.renderer.render(kind, context: context, locale: locale, now: PreviewSample.referenceTime)
    }

    func problems(_ kind: MessageKind, _ context: JSONValue) -> FieldProblems {
        do {
            _ = try kind.decodeContext(context, environment: Fixtures.environment())
            return FieldProblems()
        } catch {
            return error
        }
    }

    @Test func eachMessageSaysWhatItIsAboutInEveryLocale() throws {
        let submitted = [("en", "1,234.50", "March 5, 2026", "Bank transfer"), ("fr", "234,50", "5 mars 2026", "Bank transfer"),
                         ("de", "1.234,50\u{A0}€", "5. März 2026", "Bank transfer")]
        for (locale, amount, day, method) in submitted {
            let message = try render(.paymentSubmitted, Self.base(.paymentSubmitted), locale)
            for part in [message.text, message.html] {
                #expect(part.contains(amount) && part.contains(day) && part.contains(method) && part.contains("VIR-88213 MARTIN"), "\(locale)")
                #expect(part.contains("IBAN FR76 3000 6000 0112 3456 7890 189"), "\(locale)")
            }
            #expect(message.subject.contains("INV-2026-0042"))
        }
        let approved = try render(.paymentApproved, Self.base(.paymentApproved), "fr")
        #expect(approved.text.contains("Pro plan until 2 March 2027") && approved.text.contains("Ouvrir mon compte\nhttps://atelier-nord.example/account/billing?invoice=INV-2026-0042"))
        let rejected = try render(.paymentRejected, Self.base(.paymentRejected), "de")
        #expect(rejected.text.contains("Grund: No transfer with this reference"))
        #expect(rejected.text.contains("bleibt offen und ist am 15. März 2026 fällig"), "the invoice stays due")
        #expect(rejected.text.contains("Zahlung erneut melden\nhttps://atelier-nord.example/account/billing/INV-2026-0042/pay"))
        let noDueDate = try render(.paymentRejected, Self.base(.paymentRejected).setting("dueDate", nil), "en")
        #expect(noDueDate.text.contains("Invoice INV-2026-0042 is still due."))
    }

    @Test func optionalFieldsCanBeLeftOut() throws {
        let submitted = try render(.paymentSubmitted, Self.base(.paymentSubmitted).setting("instructions", nil).setting("customerName", nil), "en")
        #expect(!submitted.text.contains("Payment details:") && submitted.text.hasPrefix("Hello,\n"))
        let approved = try render(.paymentApproved, Self.base(.paymentApproved).setting("payerReference", .string("")), "en")
        #expect(!approved.text.contains("your reference"))
    }

    @Test(arguments: kinds)
    func freeTextIsEscapedInHTML(_ kind: MessageKind) throws {
        for field in try #require(Self.freeTexts[kind]) {
            let hostile = #"<script>alert("x")</script> & <a href="https://evil.example">click</a>"#
            let message = try render(kind, Self.base(kind).setting(field, .string(hostile)), "en")
            #expect(!message.html.contains("<script>") && !message.html.contains("<a href=\"https://evil.example\""), "\(kind).\(field)")
            #expect(message.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;a href="), "\(kind).\(field)")
            #expect(message.text.contains(hostile), "\(kind).\(field): the text part shows the words as written")
        }
    }

    @Test(arguments: kinds)
    func headerInjectionControlCharactersAndOverlongTextAreRefusedAtTheirPath(_ kind: MessageKind) throws {
        for field in try #require(Self.freeTexts[kind]) {
            let path = "context.\(field)"
            for (bad, why) in [("INV-1\r\nBcc: evil@example.com", "line break"), ("a\nb", "line break"), ("a\u{2028}b", "line break"),
                               ("bell\u{07}", "control characters"), ("nul\u{0}", "control characters"), ("del\u{7F}", "control characters"),
                               (String(repeating: "é", count: 1_001), "longer than 1000")] {
                let problems = problems(kind, Self.base(kind).setting(field, .string(bad)))
                #expect(problems.problems.map(\.path) == [path] && problems.httpStatus == 400, "\(kind).\(field) \(why): \(problems)")
                #expect(problems.problems.first?.problem.contains(why) == true, "\(problems)")
            }
            let longest = String(repeating: "é", count: 1_000)
            let message = try render(kind, Self.base(kind).setting(field, .string(longest)), "de")
            #expect(message.html.contains(longest) && message.text.contains(longest), "\(kind).\(field): the longest accepted text is shown whole")
            #expect(!message.subject.contains("\n"))
        }
    }

    @Test func aReviewDayAlreadyPastIsA422() {
        let past = problems(.paymentSubmitted, Self.base(.paymentSubmitted).setting("reviewBy", .string("2026-03-02")))
        #expect(past.problems.map(\.path) == ["context.reviewBy"] && past.httpStatus == 422, "\(past)")
        #expect(problems(.paymentSubmitted, Self.base(.paymentSubmitted).setting("reviewBy", .string("2026-03-03"))).isEmpty, "today is fine")
    }

    @Test func linksMustBeAbsoluteHTTPS() {
        #expect(problems(.paymentApproved, Self.base(.paymentApproved).setting("accountURL", .string("javascript:alert(1)"))).problems.map(\.path) == ["context.accountURL"])
        #expect(problems(.paymentRejected, Self.base(.paymentRejected).setting("resubmitURL", .string("/pay"))).problems.map(\.path) == ["context.resubmitURL"])
    }

    /// A hostile reference reaches the composed message only inside its escaped, encoded parts.
    @Test func aHostileReferenceCannotAddAHeader() throws {
        let context = Self.base(.paymentRejected).setting("invoiceNumber", .string("INV-1 Bcc: evil@example.com"))
        let request = MessageCatalog.Request(message: "payment-rejected", locale: "en", to: [EmailAddress(email: "zoe@example.com")], context: context)
        let message = try Fixtures.catalog.compose(request, id: "hostile-1", now: PreviewSample.referenceTime).message
        let header = message.eml.components(separatedBy: "\r\n\r\n")[0]
        #expect(!header.split(separator: "\r\n").contains { $0.hasPrefix("Bcc:") })
        #expect(try ParsedEmail(parsing: message.eml).decodedHeader("Subject")?.contains("INV-1 Bcc: evil@example.com") == true)
    }
}
