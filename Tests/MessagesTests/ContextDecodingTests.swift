import Foundation
import Testing
@testable import Messages

@Suite struct ContextDecodingTests {
    @Test func aValidContextDecodesIntoItsTypedStruct() throws {
        let context = try MessageKind.installmentPaid.decodeContext(Fixtures.json(Fixtures.installmentPaid), environment: Fixtures.environment())
        let paid = try #require(context as? InstallmentPaidContext)
        #expect(paid.schedule.count == 2)
        #expect(paid.remainingBalance == (try Money(parsing: "200.00", currencyCode: "EUR")))
        #expect(paid.nextDueDate == (try Day(parsing: "2026-04-03")))
    }

    @Test func reportsEveryProblemWithItsFieldPathNotJustTheFirst() {
        let json = """
            {"customerName":"Camille","productTitle":"Ceramics\\r\\nBcc: victim@example.com","orderURL":"http://evil.example/o",
             "cardLast4":"42x2",
             "schedule":[{"number":1,"dueDate":"2026-03-03T10:00:00Z","amount":{"amount":200.00,"currency":"EUR"},"state":"paid"},
                         {"number":"2","dueDate":"2026-04-03","amount":{"amount":"200.00","currency":"EUR"},"state":"late"},
                         {"number":3,"dueDate":"2026-05-03","amount":{"amount":"200.00","currency":"EUX"},"state":"pending"}],
             "orderTotal":{"amount":"600.00","currency":"EUR"},"installmentNumber":1.5,
             "remainingBalance":{"amount":"400.00"},"nickname":"x"}
            """
        let problems = Fixtures.problems(.installmentPaid, json).problems.map(\.description)
        #expect(problems == [
            "context.productTitle: must not contain a line break (CR or LF): it could inject an e-mail header",
            "context.orderURL: must be an https URL (http only for localhost)",
            "context.cardLast4: must be exactly 4 digits",
            "context.schedule[0].dueDate: \"2026-03-03T10:00:00Z\" is not a day in the form YYYY-MM-DD",
            "context.schedule[0].amount.amount: expected a decimal string like \"12.50\", got a number",
            "context.schedule[1].number: expected an integer, got a string",
            "context.schedule[1].state: unknown state \"late\" (expected one of paid, pending, refused, error, refunded, canceled)",
            "context.schedule[2].amount.currency: unknown currency \"EUX\"",
            "context.installmentNumber: expected an integer, got a number",
            "context.amount: is required",
            "context.remainingBalance.currency: is required",
            "context.nickname: is not a field of this message",
        ])
    }

    @Test func wrongShapesAreBadRequestsAndMeaningProblemsAreUnprocessable() {
        #expect(Fixtures.problems(.installmentPaid, #"{"productTitle": 5}"#).httpStatus == 400)
        let unknownCurrency = Fixtures.installmentPaid.replacingOccurrences(of: #""400.00","currency":"EUR""#, with: #""400.00","currency":"EUX""#)
        let problems = Fixtures.problems(.installmentPaid, unknownCurrency)
        #expect(problems.problems.map(\.description) == [#"context.orderTotal.currency: unknown currency "EUX""#])
        #expect(problems.httpStatus == 422)
        #expect(Fixtures.problems(.installmentPaid, "[]").problems.map(\.description) == ["context: expected an object, got a list"])
    }

    @Test func anEmptyOptionalTextMeansNoneButAnEmptyRequiredTextIsAProblem() throws {
        let noName = Fixtures.installmentPaid.replacingOccurrences(of: #""customerName":"Camille""#, with: #""customerName":"""#)
        #expect(Fixtures.problems(.installmentPaid, noName).isEmpty)
        let message = try Fixtures.renderer.render(.installmentPaid, context: Fixtures.json(noName), locale: "en", now: PreviewSample.referenceTime)
        #expect(message.text.hasPrefix("Hello,\n"))
        let noTitle = Fixtures.installmentPaid.replacingOccurrences(of: #""productTitle":"Ceramics""#, with: #""productTitle":" ""#)
        #expect(Fixtures.problems(.installmentPaid, noTitle).problems.map(\.description) == ["context.productTitle: must not be empty"])
        let noDate = Fixtures.installmentPaid.replacingOccurrences(of: #""nextDueDate":"2026-04-03""#, with: #""nextDueDate":"""#)
        #expect(Fixtures.problems(.installmentPaid, noDate).problems.map(\.description) == [#"context.nextDueDate: "" is not a day in the form YYYY-MM-DD"#])
    }

    @Test func aMixOfCurrenciesIsUnprocessable() {
        let mixed = Fixtures.installmentPaid.replacingOccurrences(
            of: #"{"number":2,"dueDate":"2026-04-03","amount":{"amount":"200.00","currency":"EUR"}"#,
            with: #"{"number":2,"dueDate":"2026-04-03","amount":{"amount":"200.00","currency":"USD"}"#)
        let problems = Fixtures.problems(.installmentPaid, mixed)
        #expect(problems.problems.map(\.path) == ["context.schedule[1].amount.currency"])
        #expect(problems.problems.first?.kind == .unprocessable)
        #expect(problems.httpStatus == 422)
    }

    @Test func theInstallmentMustBeInTheScheduleOnce() {
        let missing = Fixtures.installmentPaid.replacingOccurrences(of: #""installmentNumber":1"#, with: #""installmentNumber":7"#)
        #expect(Fixtures.problems(.installmentPaid, missing).problems.map(\.description)
                == ["context.installmentNumber: installment 7 is not in the schedule"])
        let twice = Fixtures.installmentPaid.replacingOccurrences(of: #"{"number":2,"#, with: #"{"number":1,"#)
        #expect(Fixtures.problems(.installmentPaid, twice).problems.map(\.description)
                == ["context.schedule[1].number: installment 1 appears more than once"])
    }

    @Test func tooManyDecimalsForTheCurrency() {
        let json = Fixtures.installmentPaid.replacingOccurrences(of: #""installmentNumber":1,"amount":{"amount":"200.00""#,
                                                                 with: #""installmentNumber":1,"amount":{"amount":"200.001""#)
        #expect(Fixtures.problems(.installmentPaid, json).problems.map(\.description) == ["context.amount.amount: EUR allows at most 2 decimals"])
    }

    @Test func anUpcomingDebitInThePastIsUnprocessable() {
        let json = """
            {"productTitle":"P","orderURL":"https://shop.example/o","schedule":[{"number":1,"dueDate":"2026-03-02","amount":{"amount":"1.00","currency":"EUR"},"state":"pending"}],
             "orderTotal":{"amount":"1.00","currency":"EUR"},"installmentNumber":1,"amount":{"amount":"1.00","currency":"EUR"},"debitDate":"2026-03-02"}
            """
        let problems = Fixtures.problems(.upcomingDebit, json)
        #expect(problems.problems.map(\.description) == ["context.debitDate: is before the send day 2026-03-03"])
        #expect(problems.httpStatus == 422)
    }

    @Test func checkInRulesForURLsTimestampsAndExpiry() {
        let json = """
            {"invoiceNumber":42,"dueDate":"2026-03-03","paidURL":"/relative","pendingURL":"http://localhost:8080/p",
             "linkExpiresAt":"2026-03-04 09:00"}
            """
        #expect(Fixtures.problems(.checkIn, json).problems.map(\.description) == [
            "context.invoiceNumber: expected a string, got a number",
            "context.paidURL: is not an absolute URL",
            #"context.linkExpiresAt: "2026-03-04 09:00" is not an RFC 3339 time like "2026-03-06T09:00:00Z""#,
        ])
        let expired = """
            {"invoiceNumber":"F-1","dueDate":"2026-03-03","paidURL":"https://x.example/p","pendingURL":"https://x.example/q",
             "linkExpiresAt":"2026-03-03T08:59:59Z"}
            """
        #expect(Fixtures.problems(.checkIn, expired).problems.map(\.description) == ["context.linkExpiresAt: is not in the future"])
    }

    @Test func problemsAreCappedAtOneHundred() {
        let rows = (0..<150).map { _ in #"{"number":"x"}"# }.joined(separator: ",")
        let problems = Fixtures.problems(.allPaid, #"{"schedule":[\#(rows)]}"#)
        #expect(problems.problems.count == 100)
        #expect(problems.truncated)
    }

    @Test func recipientsRejectLineBreaksAndSmuggledAddresses() {
        let json = Fixtures.json("""
            [{"email":"zoe@example.com","name":"Zoë\\r\\nBcc: x@evil.example"},{"email":"a@example.com, b@evil.example"},
             {"email":"ok@example.com\\r\\nBcc: x@evil.example"},{"name":"no address"},{"email":"fine@example.com","cc":"x"}]
            """)
        #expect(throws: FieldProblems.self) { try AddressValidator.recipients(json) }
        do {
            _ = try AddressValidator.recipients(json)
        } catch {
            #expect(error.problems.map(\.description) == [
                "to[0].name: must not contain a line break (CR or LF): it could inject an e-mail header",
                #"to[1].email: is not a single e-mail address like "name@example.com""#,
                "to[2].email: must not contain a line break (CR or LF): it could inject an e-mail header",
                "to[3].email: is required",
                "to[4].cc: is not a field of a recipient",
            ])
        }
        #expect((try? AddressValidator.recipients(Fixtures.json(#"[{"email":"zoe@example.com","name":"Zoë O'Brien"}]"#)))
                == [EmailAddress(email: "zoe@example.com", name: "Zoë O'Brien")])
    }

    @Test func composeReportsRecipientAndContextProblemsTogether() {
        let request = MessageCatalog.Request(
            message: "installment-paid", locale: "fr", to: [EmailAddress(email: "bad address")],
            context: Fixtures.json(Fixtures.installmentPaid).setting("productTitle", .string("a\nb")))
        do {
            _ = try Fixtures.catalog.compose(request, id: "x1", now: PreviewSample.referenceTime)
            Issue.record("an invalid request composed")
        } catch {
            guard case .invalidFields(let problems) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(problems.problems.map(\.path) == ["to[0].email", "context.productTitle"])
            #expect(error.httpStatus == 400)
        }
        #expect(throws: CatalogError.self) {
            try Fixtures.catalog.compose(MessageCatalog.Request(message: "nope", locale: nil, to: [], context: .object([:])), id: "x", now: Date())
        }
    }

    @Test func everyPreviewDecodes() throws {
        let (samples, problems) = PreviewSample.load(directory: Repository.previews)
        #expect(problems.isEmpty)
        #expect(samples.count >= 15)
        for sample in samples {
            #expect(throws: Never.self, "\(sample.path)") {
                try sample.kind.decodeContext(sample.context, environment: Fixtures.environment())
            }
        }
    }
}

@Suite struct SendRequestTests {
    @Test func decodesAValidBody() throws {
        let body = """
            {"message":"installment-paid","to":[{"email":"zoe@example.com","name":"Zoë O'Brien"}],"locale":"fr",
             "context":\(Fixtures.installmentPaid),"key":"order-42/installment-1/paid","sendAt":"2026-03-03T10:00:00Z"}
            """
        let (request, problems) = SendRequest.envelope(of: Fixtures.json(body))
        #expect(problems.isEmpty)
        #expect(request.message == "installment-paid" && request.locale == "fr" && request.key == "order-42/installment-1/paid")
        #expect(request.to == [EmailAddress(email: "zoe@example.com", name: "Zoë O'Brien")])
        let result = try Fixtures.compose(Data(body.utf8), id: "r1")
        #expect(result.message.locale == "fr" && result.message.key == "order-42/installment-1/paid")
    }

    @Test func reportsEnvelopeAndContextProblemsTogether() {
        let body = #"{"message":"check-in","to":[{"email":"a@b.example\r\nBcc: c@d.example"}],"context":{"invoiceNumber":"1\n2"},"sendAt":"soon","extra":1}"#
        do {
            _ = try Fixtures.compose(Data(body.utf8))
            Issue.record("composed")
        } catch {
            guard case .invalidFields(let problems) = error else { Issue.record("\(error)"); return }
            #expect(problems.problems.map(\.path) == [
                "sendAt", "to[0].email", "extra", "context.invoiceNumber", "context.dueDate", "context.paidURL",
                "context.pendingURL", "context.linkExpiresAt",
            ])
        }
    }

    @Test func unknownMessagesAndNonJSON() {
        #expect(throws: CatalogError.self) { try Fixtures.compose(Data("{".utf8), now: Date()) }
        do {
            _ = try Fixtures.compose(Data(#"{"message":"nope","to":[{"email":"a@b.example"}],"context":{}}"#.utf8), now: Date())
            Issue.record("an unknown message composed")
        } catch {
            #expect(error.httpStatus == 404)
        }
    }

    @Test func describesTheCatalogForGetTemplates() throws {
        let data = try JSONEncoder().encode(CatalogDescription(languages: Fixtures.renderer.languages))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let messages = try #require(object["messages"] as? [[String: Any]])
        #expect(object["defaultLocale"] as? String == "en")
        #expect(messages.map { $0["name"] as? String } == MessageKind.allCases.map(\.rawValue))
        #expect(messages.first?["locales"] as? [String] == ["de", "en", "fr"])
        #expect(messages.allSatisfy { $0["context"] is [[String: Any]] })
    }
}

/// `JSONFieldReader` is the one decoder of contexts and `SchemaValidator` explains what it refuses:
/// on every preview and every hostile mutation of it, the reader must refuse exactly what the
/// validator refuses, and read what it accepts as the struct's `Codable` conformance decodes it.
@Suite struct JSONFieldReaderTests {
    @Test(arguments: MessageKind.allCases)
    func readsWhatTheSchemaAcceptsAsCodableDecodesIt(_ kind: MessageKind) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var accepted = 0
        for sample in Fixtures.samples where sample.kind == kind {
            for json in [sample.context] + HostileInputTests.mutations(of: sample.context) {
                let read = try? JSONFieldReader.read(json) { fields throws(JSONFieldReader.Unreadable) in
                    try kind.contextType.init(reading: &fields)
                }
                let problems = SchemaValidator.validate(json, against: kind.schema, at: FieldPath("context"))
                #expect((read != nil) == problems.isEmpty, "\(json): \(problems)")
                guard let read else { continue }
                accepted += 1
                let decoded = try JSONDecoder().decode(kind.contextType, from: encoder.encode(json))
                #expect(try encoder.encode(read) == encoder.encode(decoded), "\(json)")
            }
        }
        #expect(accepted > 1)
    }
}

/// One line per decoding error kind: a field of a valid installment-paid context replaced, and the exact problem.
@Suite struct DecodingErrorCatalogTests {
    static let cases: [(field: String, value: String, expected: String)] = [
        ("schedule", "[]", "context.schedule: must not be empty"),
        ("schedule", "[1]", "context.schedule[0]: expected an object, got a number"),
        ("schedule", #"{"number":1}"#, "context.schedule: expected a list, got an object"),
        ("amount", #""200.00 EUR""#, #"context.amount: expected an object {"amount":"12.50","currency":"EUR"}, got a string"#),
        ("amount", #"{"amount":"1.00","currency":"EUR","rate":1}"#, "context.amount.rate: is not a field of money"),
        ("amount", #"{"amount":"1.00","currency":978}"#, "context.amount.currency: expected an ISO 4217 code, got a number"),
        ("amount", #"{"currency":"EUR"}"#, "context.amount.amount: is required"),
        ("amount", #"{"amount":"-1.00","currency":"EUR"}"#, #"context.amount.amount: "-1.00" is not a decimal amount like "1234.50""#),
        ("amount", #"{"amount":"1.00","currency":"EUX"}"#, #"context.amount.currency: unknown currency "EUX""#),
        ("productTitle", "\"" + String(repeating: "a", count: 1_001) + "\"", "context.productTitle: is longer than 1000 characters (Unicode scalars)"),
        ("productTitle", #""tab\u0007bell""#, "context.productTitle: must not contain control characters"),
        ("productTitle", #""line\u2028separator""#, "context.productTitle: must not contain a line break (CR or LF): it could inject an e-mail header"),
        ("customerName", "42", "context.customerName: expected a string, got a number"),
        ("cardLast4", "4242", "context.cardLast4: expected a string, got a number"),
        ("cardLast4", #""42424""#, "context.cardLast4: must be exactly 4 digits"),
        ("installmentNumber", "0", "context.installmentNumber: must be 1 or more"),
        ("installmentNumber", "true", "context.installmentNumber: expected an integer, got a boolean"),
        ("nextDueDate", "20260403", #"context.nextDueDate: expected a string "YYYY-MM-DD", got a number"#),
        ("nextDueDate", #""2026-04-31""#, #"context.nextDueDate: "2026-04-31" is not a day of the calendar"#),
        ("orderURL", #""ftp://shop.example/o""#, "context.orderURL: must be an https URL (http only for localhost)"),
        ("orderURL", #""https://shop.example/a b""#, "context.orderURL: is not an absolute URL"),
        ("orderURL", #""shop.example/o""#, "context.orderURL: is not an absolute URL"),
    ]

    @Test(arguments: 0..<cases.count)
    func reportsTheExactProblem(_ index: Int) {
        let (field, value, expected) = Self.cases[index]
        let context = Fixtures.json(Fixtures.installmentPaid).setting(field, Fixtures.json(value))
        var problems = FieldProblems()
        do {
            _ = try MessageKind.installmentPaid.decodeContext(context, environment: Fixtures.environment())
        } catch {
            problems = error
        }
        #expect(problems.problems.map(\.description) == [expected])
    }

    @Test func localhostMayUseHTTP() {
        let context = Fixtures.json(Fixtures.installmentPaid).setting("orderURL", .string("http://localhost:8080/orders/1"))
        #expect(throws: Never.self) { try MessageKind.installmentPaid.decodeContext(context, environment: Fixtures.environment()) }
    }
}
