import Template

/// `{{amount}}` renders `€1,234.50` / `1 234,50 €`; `{{amount.amount}}` and `{{amount.currency}}` stay reachable.
extension Money: TemplateFormattable {
    public func templateText(in environment: RenderEnvironment) -> String {
        formatted(locale: environment.locale)
    }
}
