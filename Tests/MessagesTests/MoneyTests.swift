import Foundation
import Testing
import TestSupport
@testable import Messages

@Suite struct MoneyTests {
    /// Templates reach `{{amount.amount}}` and `{{amount.currency}}` through `templateFields`, which
    /// must hold what `encode(to:)` writes.
    @Test func templateFieldsAreTheEncodedFields() throws {
        let money = try Money(parsing: "1234.5", currencyCode: "EUR")
        let encoded = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(money)) as? [String: String])
        let fields = try #require(money.templateFields)
        #expect(fields.keys.sorted() == encoded.keys.sorted())
        for (key, text) in encoded {
            guard case .string(let field)? = fields[key] else { Issue.record("\(key) is not a string field"); continue }
            #expect(field == text)
        }
    }

    /// Parsing writes `amountText` from the digits; it must agree with rounding and printing the `Decimal`.
    @Test func parsedAmountsAgreeWithTheirDecimal() throws {
        var random = SplitMix64(seed: 31)
        for code in ["EUR", "JPY", "KWD", "CLF", "USD"] {
            guard let currency = Currency(code: code) else { continue }
            for _ in 0..<500 {
                let integer = String((0..<Int(random.next() % 8)).map { _ in Character(String(random.next() % 10)) })
                let fraction = String((0..<Int(random.next() % 6)).map { _ in random.next() % 3 == 0 ? "0" : Character(String(random.next() % 10)) })
                let text = (integer.isEmpty ? "0" : integer) + (fraction.isEmpty ? "" : "." + fraction)
                let decimal = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
                let parsed = Result { () throws(MoneyError) in try Money(parsing: text, currency: currency) }
                let fromDecimal = Result { () throws(MoneyError) in try Money(amount: decimal, currency: currency) }
                #expect(parsed == fromDecimal, "\(text) \(code)")
            }
        }
    }

    let enUS = Locale(identifier: "en_US")
    let frFR = Locale(identifier: "fr_FR")

    @Test func formatsPerLocaleWithTheLocalesOwnSpaces() throws {
        let money = try Money(parsing: "1234.50", currencyCode: "EUR")
        #expect(money.formatted(locale: enUS) == "€1,234.50")
        // fr: U+202F NARROW NO-BREAK SPACE between digit groups, U+00A0 NO-BREAK SPACE before the symbol.
        #expect(money.formatted(locale: frFR) == "1\u{202F}234,50\u{A0}€")
        #expect(try Money(parsing: "200", currencyCode: "EUR").formatted(locale: frFR) == "200,00\u{A0}€")
        #expect(try Money(parsing: "49.99", currencyCode: "USD").formatted(locale: enUS) == "$49.99")
    }

    @Test func yenHasNoMinorUnits() throws {
        let yen = try Money(parsing: "12000", currencyCode: "JPY")
        #expect(yen.formatted(locale: enUS) == "¥12,000")
        #expect(yen.amountText == "12000")
        #expect(throws: MoneyError.tooManyDecimals(currency: Currency(code: "JPY")!)) {
            try Money(parsing: "100.5", currencyCode: "JPY")
        }
        #expect(Currency(code: "KWD")?.minorUnits == 3)
        #expect(try Money(parsing: "1.234", currencyCode: "KWD").amountText == "1.234")
    }

    @Test func amountTextPadsToTheCurrencysMinorUnits() throws {
        #expect(try Money(parsing: "1234.5", currencyCode: "EUR").amountText == "1234.50")
        #expect(try Money(parsing: "7", currencyCode: "EUR").amountText == "7.00")
    }

    @Test(arguments: ["1e3", "-5.00", "1,50", " 1.50", "1.5.0", "", ".5", "5.", "0x10", "١٢"])
    func rejectsAmountsThatAreNotPlainDecimals(_ text: String) {
        #expect(throws: MoneyError.self) { try Money(parsing: text, currencyCode: "EUR") }
    }

    @Test func rejectsUnknownCurrenciesAndTooManyDecimals() {
        #expect(throws: MoneyError.unknownCurrency("EUX")) { try Money(parsing: "1.00", currencyCode: "EUX") }
        #expect(throws: MoneyError.tooManyDecimals(currency: Currency(code: "EUR")!)) {
            try Money(parsing: "1.005", currencyCode: "EUR")
        }
    }

    @Test func keepsDecimalPrecisionNoBinaryFloat() throws {
        let money = try Money(parsing: "0.10", currencyCode: "EUR")
        #expect(money.amount == Decimal(string: "0.1"))
        let big = try Money(parsing: "123456789012345678.91", currencyCode: "EUR")
        #expect(big.amountText == "123456789012345678.91")
    }
}
