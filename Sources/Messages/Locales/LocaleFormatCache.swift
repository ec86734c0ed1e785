import Foundation
import Locking

/// The `NumberPattern`s and `LongDatePattern`s learnt so far, shared by every render: each is
/// derived once per locale (and currency), under Herald's one lock, and looked up by the locale's
/// identifier (hashing a whole `Locale` cost more than formatting). Bounded, because locales come
/// from requests (`fr-CA`, `de-AT`): past the bound a new locale is formatted by Foundation, uncached.
enum LocaleFormatCache {
    private struct AmountKey: Hashable {
        let currency: String
        let locale: String
    }

    /// Far more than the catalog's languages times the regions and currencies mail is sent in.
    private static let maximumEntries = 512

    // Optional values: a locale without a pattern is remembered too, so it is not probed again.
    private static let amounts = Locked<[AmountKey: NumberPattern?]>([:])
    private static let counts = Locked<[String: NumberPattern?]>([:])
    private static let longDates = Locked<[String: LongDatePattern?]>([:])

    static func amountPattern(_ currency: Currency, _ locale: Locale) -> NumberPattern? {
        cached(in: amounts, AmountKey(currency: currency.code, locale: locale.identifier)) { NumberPattern.amounts(in: currency, locale: locale) }
    }

    static func countPattern(_ locale: Locale) -> NumberPattern? {
        cached(in: counts, locale.identifier) { NumberPattern.counts(locale: locale) }
    }

    static func longDatePattern(_ locale: Locale) -> LongDatePattern? {
        cached(in: longDates, locale.identifier) { LongDatePattern(locale: locale) }
    }

    private static func cached<Key: Hashable & Sendable, Pattern: Sendable>(
        in cache: Locked<[Key: Pattern?]>, _ key: Key, derive: () -> Pattern?
    ) -> Pattern? {
        cache.withLock { entries in
            if let known = entries[key] { return known }
            let pattern = derive()
            if entries.count < maximumEntries { entries[key] = pattern }
            return pattern
        }
    }
}
