import Template

/// `{{dueDate}}` renders `March 5, 2026` / `5 mars 2026` / `1er mars 2026` (the locale catalog's
/// `dayOfMonth` names reach it as the render's formatting overrides).
extension Day: TemplateFormattable {
    public func templateText(in environment: RenderEnvironment) -> String {
        formatted(locale: environment.locale, dayOfMonthName: dayOfMonthName(in: environment.formattingOverrides),
                  pattern: LocaleFormatCache.longDatePattern(environment.locale))
    }

    /// The locale catalog's name for this day of the month (`1er`), if it has one.
    func dayOfMonthName(in formattingOverrides: [String: String]) -> String? {
        formattingOverrides.isEmpty ? nil : formattingOverrides[Self.dayOfMonthOverrideKey(day)]
    }

    /// A day encodes as its text (`2026-03-05`), so it has no fields to reach.
    public var templateFields: TemplateObject? { TemplateObject() }

    /// The formatting-override key of a day-of-month name.
    static func dayOfMonthOverrideKey(_ day: Int) -> String { "dayOfMonth.\(day)" }
}
