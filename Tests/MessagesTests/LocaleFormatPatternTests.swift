import Foundation
import Testing
import TestSupport
@testable import Messages

/// Amounts and days are written from patterns learnt once per locale (`NumberPattern`,
/// `LongDatePattern`); they must write exactly what Foundation writes, in locales the patterns
/// describe and in those they decline (Indian grouping, Arabic digits, two-digit minimum grouping).
@Suite struct LocaleFormatPatternTests {
    static let locales = ["en_US", "en_GB", "en_IN", "fr_FR", "fr_CA", "fr_CH", "de_DE", "de_AT", "de_CH", "es_ES", "it_IT", "nl_NL",
                          "pt_BR", "ja_JP", "hi_IN", "ar_EG", "ru_RU", "pl_PL", "sv_SE", "th_TH"]

    /// The catalog's own locales are ones the patterns describe (else every message would ask ICU again).
    @Test(arguments: ["en_US", "fr_FR", "de_DE"])
    func theCatalogsLocalesHavePatterns(_ identifier: String) throws {
        let locale = Locale(identifier: identifier)
        #expect(LocaleFormatCache.amountPattern(try #require(Currency(code: "EUR")), locale) != nil)
        #expect(LocaleFormatCache.countPattern(locale) != nil)
        #expect(LocaleFormatCache.longDatePattern(locale) != nil)
    }

    @Test(arguments: locales)
    func amountsAreWrittenAsFoundationWritesThem(_ identifier: String) throws {
        let locale = Locale(identifier: identifier)
        var random = SplitMix64(seed: 14)
        for code in ["EUR", "USD", "JPY", "KWD", "CHF", "INR"] {
            let currency = try #require(Currency(code: code))
            var texts = ["0", "1", "999", "1000", "1234", "12345", "100000", "1234567", "999999999999999", "1000000000000000",
                         "123456789012345678901234"]
            for _ in 0..<40 {
                let digits = Int(random.next() % 12) + 1
                texts.append(String((0..<digits).map { _ in Character(String(random.next() % 10)) }))
            }
            for integer in texts {
                let fraction = String((0..<currency.minorUnits).map { _ in Character(String(random.next() % 10)) })
                let money = try Money(parsing: fraction.isEmpty ? integer : integer + "." + fraction, currency: currency)
                #expect(money.formatted(locale: locale) == NumberPattern.foundationText(money.amount, currency: currency, locale: locale),
                        "\(money.amountText) \(code) in \(identifier)")
            }
        }
    }

    @Test(arguments: locales)
    func countsAreWrittenAsFoundationWritesThem(_ identifier: String) {
        let locale = Locale(identifier: identifier)
        var random = SplitMix64(seed: 3)
        let numbers = [0, 1, 2, 9, 10, 999, 1_000, 1_234, 12_345, 1_234_567, 999_999_999_999_999]
            + (0..<40).map { _ in Int(random.next() % 10_000_000) }
        for number in numbers {
            // Nil is a locale the pattern declines: Phrasebook then asks Foundation itself.
            if let written = LocaleFormatCache.countPattern(locale)?.format(String(number)) {
                #expect(written == number.formatted(.number.locale(locale)), "\(number) in \(identifier)")
            }
        }
    }

    @Test(arguments: locales)
    func daysAreWrittenAsFoundationWritesThem(_ identifier: String) throws {
        let locale = Locale(identifier: identifier)
        var random = SplitMix64(seed: 5)
        var days = [Day.first, Day.last, try #require(Day(year: 1582, month: 10, day: 15)), try #require(Day(year: 1582, month: 10, day: 4))]
        for _ in 0..<60 {
            let year = Int(random.next() % 9999) + 1
            let month = Int(random.next() % 12) + 1
            if let day = Day(year: year, month: month, day: Int(random.next() % 31) + 1) { days.append(day) }
        }
        for day in days {
            #expect(day.formatted(locale: locale) == day.foundationFormatted(locale: locale), "\(day) in \(identifier)")
            #expect(day.formatted(locale: locale, dayOfMonthName: "1er") == day.foundationFormatted(locale: locale, dayOfMonthName: "1er"),
                    "\(day) in \(identifier), named")
        }
    }
}
