import Foundation
import Template
import Testing

/// A stand-in for the catalog's money type: renders per locale, still exposes its fields.
private struct Price: TemplateFormattable {
    let cents: Int
    let currency: String

    func templateText(in environment: RenderEnvironment) -> String {
        let units = "\(cents / 100).\(String(format: "%02d", cents % 100))"
        return environment.locale.identifier.hasPrefix("fr") ? "\(units.replacingOccurrences(of: ".", with: ",")) \(currency)" : "\(currency) \(units)"
    }
}

private struct Row: Encodable {
    let number: Int
    let price: Price
    let note: String?
}

private struct Invoice: Encodable {
    let customer: String?
    let paid: Bool
    let rows: [Row]
    let link: URL
    let total: Decimal
    let ratio: Double
}

@Suite("Typed values render directly")
struct TypedValueTests {
    private let invoice = Invoice(
        customer: "Zoë <O'Brien> & Co",
        paid: false,
        rows: [Row(number: 1, price: Price(cents: 123_450, currency: "EUR"), note: nil),
               Row(number: 2, price: Price(cents: 5, currency: "EUR"), note: "last")],
        link: URL(string: "https://example.com/o/42?a=1&b=2")!,
        total: Decimal(string: "1234.55")!,
        ratio: 0.5)

    @Test func encodableStructsRenderWithoutJSON() throws {
        let template = try CompiledTemplate(source: """
            {{customer}}|{{#rows}}{{number}}:{{price}}({{price.currency}}){{#note}} {{.}}{{/note}};{{/rows}}|{{^paid}}due{{/paid}}|{{link}}|{{total}}|{{ratio}}
            """)
        let html = try template.render(invoice, options: RenderOptions(mode: .strict))
        #expect(html == "Zoë &lt;O&#39;Brien&gt; &amp; Co|1:EUR 1234.50(EUR);2:EUR 0.05(EUR) last;|due|https://example.com/o/42?a=1&amp;b=2|1234.55|0.5")
    }

    @Test func formattableValuesUseTheRenderLocale() throws {
        let template = try CompiledTemplate(source: "{{#rows}}{{price}} {{/rows}}")
        let french = RenderOptions(contentType: .text, locale: Locale(identifier: "fr_FR"))
        #expect(try template.render(invoice, options: french) == "1234,50 EUR 0,05 EUR ")
    }

    @Test func textContentTypeDoesNotEscape() throws {
        let template = try CompiledTemplate(source: "{{customer}} {{{customer}}} {{&customer}}")
        let text = try template.render(invoice, options: RenderOptions(contentType: .text))
        #expect(text == "Zoë <O'Brien> & Co Zoë <O'Brien> & Co Zoë <O'Brien> & Co")
    }

    @Test func nilOptionalsAreExplicitNullsInStrictMode() throws {
        let template = try CompiledTemplate(source: "{{#rows}}[{{note}}]{{/rows}}")
        #expect(try template.render(invoice, options: RenderOptions(mode: .strict)) == "[][last]")
    }

    @Test func oneTemplateRendersConcurrently() async throws {
        let template = try CompiledTemplate(source: "{{#rows}}{{number}}={{price}};{{/rows}}")
        let value = try TemplateEncoder().encode(invoice)
        let outputs = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 {
                group.addTask { try template.render(value) }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(outputs) == ["1=EUR 1234.50;2=EUR 0.05;"])
    }
}
