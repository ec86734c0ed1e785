/// What the templates of a kind whose view is its context render: `brand`, the context's own fields,
/// then the values computed for the locale (`computed`, an `Encodable` whose fields join the same object).
///
/// The context is encoded through its own `Codable` conformance: ``TemplateEncoder`` records a nil
/// optional as an explicit `null`, so strict rendering can tell "absent" from "misspelt".
struct ContextView: Encodable, Sendable {
    let brand: Brand
    let context: any MessageContext
    var computed: (any Encodable & Sendable)?

    private enum CodingKeys: String, CodingKey {
        case brand
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(brand, forKey: .brand)
        try context.encode(to: encoder)
        try computed?.encode(to: encoder)
    }
}

extension MessageContext {
    /// The view schema of a ``ContextView``: the context's schema, `brand`, and the computed fields.
    static func contextViewSchema(computed: [SchemaField] = []) -> Schema {
        schema.adding([SchemaField("brand", .object(Brand.schema))] + computed)
    }
}
