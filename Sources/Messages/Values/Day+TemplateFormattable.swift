import Template

/// `{{dueDate}}` renders `March 5, 2026` / `5 mars 2026` / `1er mars 2026` (the locale catalog's
/// `dayOfMonth` names reach it as the render's formatting overrides).
extension Day: TemplateFormattable {
    public func templateText(in environment: RenderEnvironment) -> String {
        guard !environment.formattingOverrides.isEmpty, let name = environment.formattingOverrides[Self.dayOfMonthOverrideKey(day)] else {
            return formatted(locale: environment.locale)
        }
        return formatted(locale: environment.locale, dayOfMonthName: name)
    }

    /// A day encodes as its text (`2026-03-05`), so it has no fields to reach.
    public var templateFields: TemplateObject? { TemplateObject() }

    /// The formatting-override key of a day-of-month name.
    static func dayOfMonthOverrideKey(_ day: Int) -> String { "dayOfMonth.\(day)" }
}
