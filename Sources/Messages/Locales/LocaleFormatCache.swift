import Foundation
import Locking

/// The `AmountPattern`s and `LongDatePattern`s learnt so far, shared by every render: each is
/// derived once per locale (and currency), under Herald's one lock. Bounded, because locales come
/// from requests (`fr-CA`, `de-AT`): past the bound a new locale is formatted by Foundation, uncached.
enum LocaleFormatCache {
    private struct AmountKey: Hashable {
        let currency: Currency
        let locale: Locale
    }

    /// Far more than the catalog's languages times the regions and currencies mail is sent in.
    private static let maximumEntries = 512

    // Optional values: a locale without a pattern is remembered too, so it is not probed again.
    private static let amounts = Locked<[AmountKey: AmountPattern?]>([:])
    private static let longDates = Locked<[Locale: LongDatePattern?]>([:])

    static func amountPattern(_ currency: Currency, _ locale: Locale) -> AmountPattern? {
        let key = AmountKey(currency: currency, locale: locale)
        return amounts.withLock { cache in
            if let known = cache[key] { return known }
            let pattern = AmountPattern(currency: currency, locale: locale)
            if cache.count < maximumEntries { cache[key] = pattern }
            return pattern
        }
    }

    static func longDatePattern(_ locale: Locale) -> LongDatePattern? {
        longDates.withLock { cache in
            if let known = cache[locale] { return known }
            let pattern = LongDatePattern(locale: locale)
            if cache.count < maximumEntries { cache[locale] = pattern }
            return pattern
        }
    }
}
