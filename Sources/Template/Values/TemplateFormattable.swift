public import Foundation

/// A value that renders itself for `{{name}}`, using the render's environment (its locale).
///
/// This is how money and calendar days format per locale without templates knowing how:
/// `{{amount}}` is `€1,234.50` in English and `1 234,50 €` in French, while `{{amount.currency}}`
/// still reaches the value's encoded fields.
public protocol TemplateFormattable: Encodable, Sendable {
    func templateText(in environment: RenderEnvironment) -> String
    /// The fields `{{value.field}}` reaches, when the value can give them without being encoded;
    /// nil (the default) encodes it through `Encodable` to find them. Money in every message made
    /// going through an encoder and its containers worth skipping.
    var templateFields: TemplateObject? { get }
}

extension TemplateFormattable {
    public var templateFields: TemplateObject? { nil }
}

/// What a render knows about its surroundings, for values that format themselves.
public struct RenderEnvironment: Sendable {
    public var locale: Locale
    public var contentType: ContentType
    /// ``RenderOptions/formattingOverrides``.
    public var formattingOverrides: [String: String]

    public init(locale: Locale, contentType: ContentType, formattingOverrides: [String: String] = [:]) {
        self.locale = locale
        self.contentType = contentType
        self.formattingOverrides = formattingOverrides
    }
}

/// A ``TemplateFormattable`` value together with its encoded fields (a class, so that a
/// ``TemplateValue`` stays two words wide and cheap to copy).
public final class FormattedValue: Sendable {
    public let value: any TemplateFormattable
    public let fields: TemplateObject

    public init(_ value: any TemplateFormattable, fields: TemplateObject) {
        self.value = value
        self.fields = fields
    }
}
