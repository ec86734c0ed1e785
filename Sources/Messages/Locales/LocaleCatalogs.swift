import Foundation

/// Every locale's catalog, read from `Templates/_locales/*.json`: adding a language is adding a file.
package struct LocaleCatalogs: Sendable {
    private let byLanguage: [TemplateLanguage: LocaleCatalog]

    /// No catalogs: enough to decode and check a context, which needs the send time but no words.
    package init() {
        byLanguage = [:]
    }

    init(_ catalogs: [LocaleCatalog]) {
        byLanguage = Dictionary(catalogs.map { ($0.language, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The languages with a catalog, sorted (`de`, `en`, `fr`).
    package var languages: [TemplateLanguage] { byLanguage.keys.sorted() }

    package subscript(language: TemplateLanguage) -> LocaleCatalog? { byLanguage[language] }

    /// The folder below a templates directory that holds the catalogs.
    package static func directory(in templatesDirectory: URL) -> URL {
        templatesDirectory.appendingPathComponent("_locales")
    }

    /// Reads every `*.json` below `directory`; the default language (`en`) must be one of them.
    /// Returns what loaded and one line per problem.
    package static func load(directory: URL) -> (catalogs: LocaleCatalogs, problems: [String]) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var catalogs: [LocaleCatalog] = []
        var problems: [String] = []
        for name in names.sorted() where name.hasSuffix(".json") {
            switch LocaleCatalog.load(directory.appendingPathComponent(name)) {
            case .success(let catalog): catalogs.append(catalog)
            case .failure(let error): problems += error.problems
            }
        }
        if !catalogs.contains(where: { $0.language == .en }), !problems.contains(where: { $0.hasPrefix(directory.appendingPathComponent("en.json").path) }) {
            problems.append("\(directory.appendingPathComponent("en.json").path): missing: the default locale en needs a catalog")
        }
        return (LocaleCatalogs(catalogs), problems)
    }
}
