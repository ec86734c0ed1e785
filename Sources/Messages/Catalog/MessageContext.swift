import Foundation
import Template

/// The typed context of one message kind: what a caller sends, what its templates see, and the
/// checks that need more than one field (mixed currencies, an installment missing from its schedule).
public protocol MessageContext: Codable, Sendable {
    static var kind: MessageKind { get }
    /// The JSON shape callers send (README "The catalog"), without needing a sample instance.
    static var schema: Schema { get }
    /// What the templates of this kind can name: the context's fields, enriched, plus `brand` and computed values.
    static var viewSchema: Schema { get }
    /// Context fields templates show through a computed value (`installmentNumber` as `installmentOrdinal`),
    /// so `herald check` counts a use of the computed name as a use of the field.
    static var fieldsShownThrough: [String: [String]] { get }

    /// Reads the context from its JSON object, every field of `schema` checked as `SchemaValidator`
    /// checks it; `Unreadable` at the first doubt (the validator then says what is wrong).
    init(reading fields: inout JSONFieldReader) throws(JSONFieldReader.Unreadable)

    /// Problems that need the whole context (and the send time) to see; paths start at `path`.
    func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems
    /// The value templates render: the context, the brand and values computed for the locale,
    /// written straight into template values (`ViewWriter`).
    func templateValue(in environment: RenderEnvironmentValues) -> TemplateValue
}

extension MessageContext {
    public static var fieldsShownThrough: [String: [String]] { [:] }
}
