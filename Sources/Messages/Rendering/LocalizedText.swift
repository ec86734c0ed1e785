import Template

/// An amount or a day already written for the message's locale: `ViewWriter` formats each value
/// once, where formatting it on every `{{amount}}` of every part looked its locale's pattern up
/// each time. Renders as its text; its fields stay the value's own (`{{amount.currency}}`).
struct LocalizedText: TemplateFormattable {
    let text: String

    func templateText(in environment: RenderEnvironment) -> String { text }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}
