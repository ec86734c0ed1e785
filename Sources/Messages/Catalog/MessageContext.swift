import Foundation

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

    /// Problems that need the whole context (and the send time) to see; paths start at `path`.
    func semanticProblems(at path: FieldPath, environment: RenderEnvironmentValues) -> FieldProblems
    /// The value templates render: the context, the brand and values computed for the locale.
    func view(in environment: RenderEnvironmentValues) -> any Encodable & Sendable
}

extension MessageContext {
    public static var fieldsShownThrough: [String: [String]] { [:] }
}
