import Foundation
import Template

/// Writes what templates see straight into the engine's values: encoding each view through
/// `Encodable` and `TemplateEncoder` was a seventh of composing a message. A value is written as
/// `TemplateEncoder` wrote its `Encodable` form: text and numbers as themselves, nil as an
/// explicit `null` (so strict rendering tells "absent" from "misspelt"), links and timestamps as
/// their text, money and days with their fields and the text `templateText` gives them in the
/// render's locale, worked out here once (`LocalizedText`), with the locale's patterns looked up
/// once per message. One writer per view: it is not shared.
final class ViewWriter {
    private let locale: Locale
    private let formattingOverrides: [String: String]
    private lazy var longDatePattern = LocaleFormatCache.longDatePattern(locale)
    /// The amount patterns looked up so far, by currency code (a message rarely has two currencies).
    private var amountPatterns: [(code: String, pattern: NumberPattern?)] = []

    init(environment: RenderEnvironmentValues) {
        locale = environment.locale.formattingLocale
        formattingOverrides = environment.catalog?.formattingOverrides ?? [:]
    }

    func value(_ text: String) -> TemplateValue { .string(text) }
    func value(_ text: String?) -> TemplateValue { text.map(value) ?? .null }
    func value(_ number: Int) -> TemplateValue { .int(number) }
    func value(_ flag: Bool) -> TemplateValue { .bool(flag) }
    func value(_ link: WebLink) -> TemplateValue { .string(link.description) }
    func value(_ timestamp: Timestamp) -> TemplateValue { .string(timestamp.description) }

    func value(_ money: Money) -> TemplateValue {
        let text = money.formatted(locale: locale, pattern: amountPattern(money.currency))
        return .formatted(FormattedValue(LocalizedText(text: text), fields: money.templateFields ?? TemplateObject()))
    }

    func value(_ money: Money?) -> TemplateValue { money.map(value) ?? .null }

    func value(_ day: Day) -> TemplateValue {
        let text = day.formatted(locale: locale, dayOfMonthName: day.dayOfMonthName(in: formattingOverrides), pattern: longDatePattern)
        return .formatted(FormattedValue(LocalizedText(text: text), fields: day.templateFields ?? TemplateObject()))
    }

    func value(_ day: Day?) -> TemplateValue { day.map(value) ?? .null }

    func value(_ brand: Brand) -> TemplateValue {
        var object = ViewObject(capacity: 5)
        object.set("name", value(brand.name))
        object.set("url", value(brand.url))
        object.set("logoURL", value(brand.logoURL))
        object.set("supportEmail", value(brand.supportEmail))
        object.set("postalAddress", value(brand.postalAddress))
        return object.value
    }

    private func amountPattern(_ currency: Currency) -> NumberPattern? {
        if let known = amountPatterns.first(where: { $0.code == currency.code }) { return known.pattern }
        let pattern = LocaleFormatCache.amountPattern(currency, locale)
        amountPatterns.append((currency.code, pattern))
        return pattern
    }
}
