import Template

extension MessageContext {
    /// The view of a kind whose templates see the context itself: `brand`, the context's own
    /// fields (`writeFields` sets every one, a nil one as `null`), then the values computed for the locale.
    func contextView(
        in environment: RenderEnvironmentValues, fieldCount: Int, _ writeFields: (inout ViewObject, ViewWriter) -> Void
    ) -> TemplateValue {
        let writer = ViewWriter(environment: environment)
        var view = ViewObject(capacity: fieldCount + 1)
        view.set("brand", writer.value(environment.brand))
        writeFields(&view, writer)
        return view.value
    }

    /// The view schema of a `contextView`: the context's schema, `brand`, and the computed fields.
    static func contextViewSchema(computed: [SchemaField] = []) -> Schema {
        schema.adding([SchemaField("brand", .object(Brand.schema))] + computed)
    }
}
