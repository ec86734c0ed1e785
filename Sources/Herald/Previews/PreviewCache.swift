import Foundation
import Locking
import Messages
import Template

/// What the preview pages compile from disk, kept while the disk stays the same: the samples, the
/// locale catalogs, the compiled templates, and each sample's composed message per locale. Every
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
        let catalogs: LocaleCatalogs
        let renderer: Result<MessageRenderer, TemplateError>
    }

    private struct Key: Hashable {
        let kind: MessageKind
        let variant: String
        let locale: TemplateLanguage
    }

    private struct State {
        var snapshot: FileTreeSnapshot
        var generation: Generation
        var composed: [Key: Result<MessageCatalog.Result, CatalogError>] = [:]
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
    ) -> Result<MessageCatalog.Result, CatalogError> {
        let key = Key(kind: sample.kind, variant: sample.variant, locale: locale)
        if let cached = state.withLock({ $0?.composed[key] }) { return cached }
        let result = compose()
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
            catalogs: LocaleCatalogs.load(directory: LocaleCatalogs.directory(in: templates)).catalogs,
            renderer: Result { () throws(TemplateError) in try MessageRenderer(templatesDirectory: templates, brand: brand) })
        let fresh = State(snapshot: snapshot, generation: generation)
        state.withLock { $0 = fresh }
        return fresh
    }
}
