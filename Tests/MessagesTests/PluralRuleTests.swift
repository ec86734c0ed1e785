import Testing
@testable import Messages

/// CLDR plural and ordinal rules as the catalogs state them (Unicode TR35 "Language Plural Rules").
@Suite struct PluralRuleTests {
    func category(_ rule: [PluralCategory: String], _ number: PluralOperands) throws -> PluralCategory {
        var rules: [PluralCategory: PluralRule] = [:]
        for (category, source) in rule { rules[category] = try PluralRule(parsing: source) }
        return PluralRules(rules: rules).category(for: number)
    }

    static let englishOrdinals: [PluralCategory: String] = [
        .one: "n % 10 = 1 and n % 100 != 11", .two: "n % 10 = 2 and n % 100 != 12", .few: "n % 10 = 3 and n % 100 != 13",
    ]

    @Test func englishOrdinalCategories() throws {
        let expected: [Int: PluralCategory] = [1: .one, 2: .two, 3: .few, 4: .other, 11: .other, 12: .other, 13: .other,
                                               21: .one, 22: .two, 23: .few, 101: .one, 111: .other, 112: .other, 1_000_001: .one]
        for (number, category) in expected {
            #expect(try self.category(Self.englishOrdinals, PluralOperands(number)) == category, "\(number)")
        }
    }

    @Test func cardinalsLookAtTheVisibleFractionDigits() throws {
        let english: [PluralCategory: String] = [.one: "i = 1 and v = 0"]
        let french: [PluralCategory: String] = [.one: "i = 0,1", .many: "e = 0 and i != 0 and i % 1000000 = 0 and v = 0 or e != 0..5"]
        func decimal(_ text: String) throws -> PluralOperands { try #require(PluralOperands(decimalText: text)) }
        #expect(try category(english, PluralOperands(1)) == .one)
        #expect(try category(english, decimal("1.00")) == .other, "English: 1.00 dollars")
        #expect(try category(french, decimal("1.50")) == .one, "French: 1,50 € sera prélevé")
        #expect(try category(french, decimal("0.99")) == .one)
        #expect(try category(french, decimal("200.00")) == .other)
        #expect(try category(french, PluralOperands(1_000_000)) == .many)
        #expect(try category(french, decimal("1000000.00")) == .other)
        #expect(try category([.one: "n = 1"], decimal("1.5")) == .other, "n equals an integer only without a fraction")
        // Amounts may have 30 digits: the integer part is computed modulo, never overflowing.
        #expect(try category(french, decimal("123456789012345678901234567890")) == .other)
        #expect(try category(english, decimal("000001")) == .one)
    }

    @Test func samplesAfterTheAtSignAreIgnored() throws {
        #expect(try category([.one: "i = 1 and v = 0 @integer 1"], PluralOperands(1)) == .one)
        #expect(try category([.few: "n % 100 = 3..10 @integer 3~10, 103~110"], PluralOperands(105)) == .few)
    }

    @Test(arguments: ["", "n", "n = ", "x = 1", "n % 0 = 1", "n = 5..2", "n = 1 also", "n == 1", "n = 1 and"])
    func aMalformedRuleIsAnError(_ source: String) {
        #expect(throws: PluralRuleError.self) { try PluralRule(parsing: source) }
    }

    /// The repository's catalogs through the words Herald computes.
    @Test func computedWordsPerLocale() {
        let de = Fixtures.phrases("de"), fr = Fixtures.phrases("fr"), en = Fixtures.phrases("en")
        #expect([1, 2, 23].map(de.ordinal) == ["1.", "2.", "23."])
        #expect([1, 2].map(fr.ordinal) == ["1re", "2e"])
        #expect([1, 12, 22].map(en.ordinal) == ["1st", "12th", "22nd"])
        #expect([0, 1, 2, 3].map(de.when(inDays:)) == ["heute", "morgen", "in 2 Tagen", "in 3 Tagen"])
        #expect(de.lifetime(seconds: 3_600) == "1 Stunde" && de.lifetime(seconds: 172_800) == "2 Tage")
        #expect(fr.when(inDays: 1_000_000) == "dans 1\u{202F}000\u{202F}000 de jours", "CLDR 'many', the count grouped as the locale does")
        #expect(de.label(for: .error) == "Zahlungsfehler")
    }
}
