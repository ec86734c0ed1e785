import Foundation
import Locking
import Messages
import Template

/// What the preview pages compile from disk, kept while the disk stays the same: the samples (and
/// their contexts as the editor shows them), the locale catalogs, the compiled templates, and each
/// sample's composed message per locale with its headers as the page shows them. Every
/// request takes a `FileTreeSnapshot` of the templates and samples folders (one `stat` per file);
/// if anything changed since the last one, everything is read and compiled again, so an edit still
/// shows on the next reload, and an unchanged tree costs no parse, compile or render.
final class PreviewCache: Sendable {
    /// One compiled state of the disk.
    struct Generation: Sendable {
        /// Counts compilations, so a result composed from an older generation is never kept.
        let number: Int
        let samples: [PreviewSample]
        let sampleProblems: [String]
        /// Each sample's context pretty-printed for the editor, by the sample's file.
        let contextTexts: [String: String]
        let catalogs: LocaleCatalogs
        let renderer: Result<MessageRenderer, TemplateError>
    }

    /// A sample composed in one locale, and its header fields decoded for the page.
    struct Composed: Sendable {
        let result: Result<MessageCatalog.Result, CatalogError>
        let headers: [(name: String, value: String)]

        init(_ result: Result<MessageCatalog.Result, CatalogError>) {
            self.result = result
            headers = (try? result.get()).map { PreviewPage.headers(of: $0.message.eml) } ?? []
        }
    }

    private struct Key: Hashable {
        let kind: MessageKind
        let variant: String
        let locale: TemplateLanguage
    }

    private struct State {
        var snapshot: FileTreeSnapshot
        var generation: Generation
        var composed: [Key: Composed] = [:]
    }

    /// The most composed samples one generation keeps (every message × variant × locale fits).
    private static let composedLimit = 4_096

    private let templatesPath: String
    private let previewsPath: String
    private let brand: Brand
    private let state = Locked<State?>(nil)

    init(templatesPath: String, previewsPath: String, brand: Brand) {
        (self.templatesPath, self.previewsPath, self.brand) = (templatesPath, previewsPath, brand)
    }

    /// The generation matching the disk now, compiled again only if the disk changed.
    func current() -> Generation {
        currentState().generation
    }

    /// A sample's composed message in `locale`, from the cache when the disk has not changed since it
    /// was composed; `compose` runs otherwise, outside the lock.
    func composed(
        _ sample: PreviewSample, locale: TemplateLanguage, in generation: Generation,
        compose: () -> Result<MessageCatalog.Result, CatalogError>
    ) -> Composed {
        let key = Key(kind: sample.kind, variant: sample.variant, locale: locale)
        if let cached = state.withLock({ $0?.composed[key] }) { return cached }
        let result = Composed(compose())
        state.withLock { state in
            guard var current = state, current.generation.number == generation.number, current.composed.count < Self.composedLimit else { return }
            current.composed[key] = result
            state = current
        }
        return result
    }

    private func currentState() -> State {
        let snapshot = FileTreeSnapshot(roots: [templatesPath, previewsPath])
        let previous = state.withLock { $0 }
        if let previous, previous.snapshot == snapshot { return previous }
        let loaded = PreviewSample.load(directory: URL(fileURLWithPath: previewsPath))
        let templates = URL(fileURLWithPath: templatesPath)
        let generation = Generation(
            number: (previous?.generation.number ?? 0) &+ 1, samples: loaded.samples, sampleProblems: loaded.problems,
            contextTexts: Dictionary(loaded.samples.map { ($0.path, Self.pretty($0.context)) }) { first, _ in first },
            catalogs: LocaleCatalogs.load(directory: LocaleCatalogs.directory(in: templates)).catalogs,
            renderer: Result { () throws(TemplateError) in try MessageRenderer(templatesDirectory: templates, brand: brand) })
        let fresh = State(snapshot: snapshot, generation: generation)
        state.withLock { $0 = fresh }
        return fresh
    }

    /// A context as the editor shows it: indented, keys sorted.
    private static func pretty(_ json: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(json)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
