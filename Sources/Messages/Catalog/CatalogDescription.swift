/// What `GET /v1/templates` answers: the default locale, and every message kind with its locales and
/// its context fields (`{"defaultLocale":"en","messages":[{"name":"installment-paid","locales":["en","fr"],
/// "context":[{"name","type","required","fields"?}]}]}`).
package struct CatalogDescription: Encodable, Sendable {
    package struct Message: Encodable, Sendable {
        package let name: String
        package let locales: [String]
        package let context: Schema
    }

    package let defaultLocale = TemplateLanguage.en.rawValue
    package let messages: [Message]

    /// `languages`: the loaded catalogs' (`MessageRenderer.languages`).
    package init(languages: [TemplateLanguage]) {
        messages = MessageKind.allCases.map { kind in
            Message(name: kind.rawValue, locales: languages.map(\.rawValue), context: kind.schema)
        }
    }
}
