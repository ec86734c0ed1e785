import Template
import Testing

@Suite("Strict mode turns silent misses into located errors")
struct StrictModeTests {
    private let strict = RenderOptions(mode: .strict)

    private func renderError(_ source: String, _ value: TemplateValue, partials: [String: String] = [:]) throws -> String? {
        var library = TemplateLibrary()
        for (name, text) in partials {
            library.register(try CompiledTemplate(source: text, name: name))
        }
        do {
            _ = try CompiledTemplate(source: source, name: "invoice.html").render(value, library: library, options: strict)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func missingNameIsAnError() throws {
        #expect(try renderError("Hi\n  {{nmae}}", ["name": "Zoë"]) == "invoice.html:2:3: no value named 'nmae'")
    }

    @Test func missingDottedPartIsAnError() throws {
        #expect(try renderError("{{amount.currencyy}}", ["amount": ["currency": "EUR"]]) == "invoice.html:1:1: no value named 'amount.currencyy'")
    }

    @Test func missingSectionNameIsAnError() throws {
        #expect(try renderError("{{#rows}}x{{/rows}}", [:]) == "invoice.html:1:1: no value named 'rows'")
        #expect(try renderError("{{^rows}}x{{/rows}}", [:]) == "invoice.html:1:1: no value named 'rows'")
    }

    @Test func missingPartialIsAnErrorAtTheCallSite() throws {
        #expect(try renderError("a\n{{>footer}}", [:]) == "invoice.html:2:1: no template named 'footer'")
        #expect(try renderError("{{<layout}}{{/layout}}", [:]) == "invoice.html:1:1: no template named 'layout'")
    }

    @Test func errorsInsidePartialsNameThePartial() throws {
        #expect(try renderError("{{>row}}", [:], partials: ["row": "\n\n  {{missing}}"]) == "row:3:3: no value named 'missing'")
    }

    @Test func sectionOverANumberCannotBeIterated() throws {
        #expect(try renderError("{{#count}}x{{/count}}", ["count": 3]) == "invoice.html:1:1: section 'count' is a number, which cannot be iterated or tested")
    }

    @Test func listsCannotBeInterpolated() throws {
        #expect(try renderError("{{rows}}", ["rows": [1, 2]]) == "invoice.html:1:1: 'rows' is a list, which cannot be rendered as text")
    }

    @Test func nullIsPresentAndFalsey() throws {
        let template = try CompiledTemplate(source: "{{#name}}Hi {{name}}{{/name}}{{^name}}Hello{{/name}}, {{name}}!")
        #expect(try template.render(["name": nil], options: strict) == "Hello, !")
    }

    @Test func specModeRendersMissesEmpty() throws {
        let template = try CompiledTemplate(source: "[{{missing}}{{>nothing}}{{#gone}}x{{/gone}}]")
        #expect(try template.render([:]) == "[]")
    }

    @Test func selfIncludingPartialStopsWithAnError() throws {
        let message = try renderError("{{>loop}}", [:], partials: ["loop": "x{{>loop}}"])
        #expect(message?.hasSuffix("partials nested deeper than 64 levels (a template includes itself?)") == true)
    }
}
