import HTTPServer
import Messages

/// `GET /v1/templates`: the catalog a caller can send, with each context's fields, their types
/// and whether they are required.
enum TemplatesRoute {
    private struct Catalog: Encodable {
        var defaultLocale = TemplateLanguage.en.rawValue
        var messages: [Message]
    }

    private struct Message: Encodable {
        var name: String
        var locales: [String]
        var context: Schema
    }

    /// `languages`: those with a catalog in the loaded templates (`MessageRenderer.languages`).
    static func register(on router: inout Router, languages: [TemplateLanguage]) {
        let catalog = Catalog(messages: MessageKind.allCases.map { kind in
            Message(name: kind.rawValue, locales: languages.map(\.rawValue), context: kind.schema)
        })
        let response = JSONResponse.make(.ok, catalog)
        router.add(.get, "/v1/templates") { _, _ in response }
    }
}
