import Foundation
import Testing
@testable import Messages

/// `herald check` over the locale catalogs (README "Locales"): each mistake a translator or a
/// template author can make is reported with the catalog file and the key path.
@Suite struct LocaleCatalogCheckTests {
    typealias Scratch = CatalogCheckTests.Scratch

    @Test func aKeyMissingFromOneLocale() throws {
        let scratch = try Scratch()
        try scratch.edit("_locales/de.json") { $0.replacingOccurrences(of: "\"nothingLeft\": \"Ihre Bestellung ist jetzt vollständig bezahlt: Es ist nichts mehr zu zahlen.\"", with: "\"nothingLeftOver\": \"x\"") }
        let problems = scratch.run()
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/de.json: words.all-paid.nothingLeft: missing (en.json, fr.json have it)") }, "\(problems)")
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/en.json: words.all-paid.nothingLeftOver: missing (de.json has it)") })
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/de.json: words.all-paid.nothingLeftOver: not used by any template") })
    }

    @Test func aPlaceholderThatDiffersFromTheDefaultLocale() throws {
        let scratch = try Scratch()
        try scratch.edit("_locales/fr.json") { $0.replacingOccurrences(of: "Reste à payer\u{A0}: <strong>{{remainingBalance}}</strong>", with: "Reste à payer\u{A0}: <strong>{{amount}}</strong>") }
        let problems = scratch.run()
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/fr.json: words.installment-paid.stillToPay: placeholders differ from en.json: lacks {{remainingBalance}}; has {{amount}} which en.json does not") },
                "\(problems)")
    }

    @Test func aPlaceholderTheMessageDoesNotHaveNamesTheKeyPath() throws {
        let scratch = try Scratch()
        for file in ["en", "fr", "de"] {
            try scratch.edit("_locales/\(file).json") { $0.replacingOccurrences(of: "{{cardLast4}}{{/cardLast4}}.\",\n      \"nothingLeft\"", with: "{{cardLast4}}{{/cardLast4}} {{retryDate}}.\",\n      \"nothingLeft\"") }
        }
        let problems = scratch.run()
        #expect(problems.contains { $0.contains("Templates/_locales/de.json#words.all-paid.wentThrough:1:") && $0.hasSuffix("'retryDate' is not a field of all-paid (rendered from all-paid/html)") },
                "\(problems)")
    }

    @Test func pluralFormsMustMatchTheLocaleRules() throws {
        let scratch = try Scratch()
        try scratch.edit("_locales/fr.json") { $0.replacingOccurrences(of: "\"many\": \"dans {{count}} de jours\",\n", with: "") }
        try scratch.edit("_locales/en.json") { $0.replacingOccurrences(of: "\"other\": \"{{count}}th\"", with: "\"other\": \"{{number}}th\"") }
        let problems = scratch.run()
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/fr.json: words.relativeDay.inDays: needs exactly the forms one, many, other (the locale's cardinal plural rules), has one, other") }, "\(problems)")
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/en.json: words.ordinal.other: takes exactly the placeholder {{count}}") })
    }

    @Test func aWordHeraldComputesIsRequired() throws {
        let scratch = try Scratch()
        try scratch.edit("_locales/de.json") { $0.replacingOccurrences(of: "\"refunded\": \"Erstattet\", ", with: "").replacingOccurrences(of: "\"refunded\": \"Erstattet\",", with: "") }
        let problems = scratch.run()
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/de.json: words.state.refunded: missing (Herald computes this word)") }, "\(problems)")
    }

    @Test func aBrokenRuleOrFileIsReportedWhereItIs() throws {
        let scratch = try Scratch()
        try scratch.edit("_locales/de.json") { $0.replacingOccurrences(of: "\"one\": \"i = 1 and v = 0\"", with: "\"one\": \"i == 1\"") }
        try Data("{\"formattingLocale\": \"nl_NL\",\n  \"words\": [}".utf8).write(to: scratch.templates.appendingPathComponent("_locales/nl.json"))
        let problems = scratch.run()
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/de.json: pluralRules.cardinal.one: plural rule \"i == 1\": expected a number") }, "\(problems)")
        #expect(problems.contains { $0.contains("Templates/_locales/nl.json:2:13: ") }, "\(problems)")
    }

    @Test func aTemplateIncludingAWordNoCatalogHas() throws {
        let scratch = try Scratch()
        try scratch.edit("all-paid/html.mustache") { $0.replacingOccurrences(of: "{{/body}}", with: "<p>{{>t/all-paid.thanks}}</p>\n{{/body}}") }
        let problems = scratch.run()
        #expect(problems.contains { $0.hasSuffix("Templates/_locales/de.json: words.all-paid.thanks: missing (included by \(scratch.templates.path)/all-paid/html.mustache)") }, "\(problems)")
    }

    @Test func theRendererRefusesACatalogWithoutTheWordsHeraldComputes() throws {
        let scratch = try Scratch()
        try scratch.edit("_locales/fr.json") { $0.replacingOccurrences(of: "\"tomorrow\": \"demain\",", with: "") }
        defer { try? FileManager.default.removeItem(at: scratch.root) }
        #expect(throws: (any Error).self) { try MessageRenderer(templatesDirectory: scratch.templates) }
    }
}
