import Template

/// `{{dueDate}}` renders `March 5, 2026` / `5 mars 2026`.
extension Day: TemplateFormattable {
    public func templateText(in environment: RenderEnvironment) -> String {
        formatted(locale: environment.locale)
    }
}
