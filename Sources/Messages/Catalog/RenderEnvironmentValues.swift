import Foundation

/// Everything a rendering depends on besides the context: language, brand and the send time, so
/// "in 3 days" and link lifetimes are reproducible in tests and golden files.
public struct RenderEnvironmentValues: Sendable {
    public var locale: LocaleResolution
    public var brand: Brand
    /// When the message is composed (the `Date` header; "now" for relative phrases).
    public var now: Date
    /// The calendar day of `now` in `timeZone`, which "tomorrow" is relative to.
    public var sendDay: Day { Day(containing: now, in: timeZone) }
    public var timeZone: TimeZone

    public init(locale: LocaleResolution, brand: Brand = .sample, now: Date, timeZone: TimeZone = .gmt) {
        self.locale = locale
        self.brand = brand
        self.now = now
        self.timeZone = timeZone
    }

    var phrases: Phrasebook { Phrasebook(language: locale.language) }
}
