/// What `GET /v1/templates` answers: every message kind, its locales and its context fields
/// (`[{"message":"installment-paid","locales":["en","fr"],"fields":[{"name","type","required","fields"?}]}]`).
public struct CatalogDescription: Encodable, Sendable {
    public struct Entry: Encodable, Sendable {
        public let message: String
        public let locales: [String]
        public let fields: Schema
    }

    public let messages: [Entry]
    public let defaultLocale = TemplateLanguage.en.rawValue

    /// `languages`: the loaded catalogs' (`MessageRenderer.languages`).
    public init(languages: [TemplateLanguage]) {
        messages = MessageKind.allCases.map { kind in
            Entry(message: kind.rawValue, locales: languages.map(\.rawValue), fields: kind.schema)
        }
    }
}
