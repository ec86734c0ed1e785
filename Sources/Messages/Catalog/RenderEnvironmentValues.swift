import Foundation

/// Everything a rendering depends on besides the context: language and its words, brand and the
/// send time, so "in 3 days" and link lifetimes are reproducible in tests and golden files.
public struct RenderEnvironmentValues: Sendable {
    public var locale: LocaleResolution
    public var brand: Brand
    /// When the message is composed (the `Date` header; "now" for relative phrases).
    public var now: Date
    /// The calendar day of `now` in `timeZone`, which "tomorrow" is relative to.
    public var sendDay: Day { Day(containing: now, in: timeZone) }
    public var timeZone: TimeZone
    /// The words of `locale.language`; nil when a context is only decoded and checked, which needs
    /// the send time but no words (`MessageRenderer.environment(locale:now:)` always sets it).
    package var catalog: LocaleCatalog?

    package init(locale: LocaleResolution, brand: Brand = .sample, now: Date, timeZone: TimeZone = .gmt, catalog: LocaleCatalog? = nil) {
        self.locale = locale
        self.brand = brand
        self.now = now
        self.timeZone = timeZone
        self.catalog = catalog
    }

    var phrases: Phrasebook { Phrasebook(catalog: catalog, formattingLocale: locale.formattingLocale) }
}
