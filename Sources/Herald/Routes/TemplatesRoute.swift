import HTTPServer
import Messages

/// `GET /v1/templates`: the catalog a caller can send, with each context's fields, their types
/// and whether they are required.
enum TemplatesRoute {
    /// `languages`: those with a catalog in the loaded templates (`MessageRenderer.languages`).
    static func register(on router: inout RouteTable, languages: [TemplateLanguage]) {
        let response = JSONResponse.make(.ok, CatalogDescription(languages: languages))
        router.add(.get, "/v1/templates") { _, _ in response }
    }
}
