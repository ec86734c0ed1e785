import Foundation
import HTTPServer
import Locking
import Messages
import Template

/// What the preview pages compile from disk, kept while the disk stays the same: the samples (and
/// their contexts as the editor shows them), the locale catalogs, the compiled templates, each
/// sample's composed message per locale with its headers as the page shows them, and each page a
/// `GET` rendered. While the templates and samples folders are watched (`FileTreeWatch`, inotify) a
/// request costs one `read` to learn nothing changed; after any event, or without a watch, it takes a
/// `FileTreeSnapshot` (one `stat` per file), and if anything changed since the last one, everything is
/// read and compiled again, so an edit still shows on the next reload, and an unchanged tree costs no
/// parse, compile or render. `unchangedWatchedGeneration()` and `holdsPage(_:)` tell, without
/// blocking, whether a page can be answered as it is (on the server's event loop).
final class PreviewCache: Sendable {
    /// One compiled state of the disk.
    struct Generation: Sendable {
        /// Counts compilations, so a result composed from an older generation is never kept.
        let number: Int
        let samples: [PreviewSample]
        /// Each message's samples and their variants' names, for a page's lookup and its variant switch.
        let samplesByKind: [MessageKind: (samples: [PreviewSample], variants: [String])]
        let sampleProblems: [String]
        /// Each sample's context pretty-printed for the editor, by the sample's file.
        let contextTexts: [String: String]
        let catalogs: LocaleCatalogs
        /// The language each catalog's own code resolves to (`LocaleResolution`), so a page asked for
        /// by a plain code (`?locale=fr`, the links the pages make) is not resolved again per request.
        let languageByCode: [String: TemplateLanguage]
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

    /// A whole preview page as a `GET` asks for it.
    struct PageKey: Hashable, Sendable {
        /// The sample's file: one per message and variant.
        let sample: String
        let locale: TemplateLanguage
        /// The view the query asks for (`width`, `scheme=dark`).
        let width: PreviewWidth, dark: Bool
    }

    /// A rendered page, split where its script nonce goes, so each response gets a fresh nonce
    /// without rendering the page again, or copying it: every response's body shares the pieces.
    struct Page: Sendable {
        let status: HTTPStatus
        let pieces: [[UInt8]]

        init(status: HTTPStatus, text: String) {
            self.status = status
            pieces = text.components(separatedBy: PreviewCache.noncePlaceholder).map { Array($0.utf8) }
        }

        /// The body's parts: the pieces with `nonce` between each two.
        func bodyParts(nonce: [UInt8]) -> [[UInt8]] {
            var parts: [[UInt8]] = []
            parts.reserveCapacity(pieces.count * 2)
            for (index, piece) in pieces.enumerated() {
                if index > 0 { parts.append(nonce) }
                parts.append(piece)
            }
            return parts
        }
    }

    /// What a cached page is rendered with in place of a nonce; never a valid base64 nonce itself.
    static let noncePlaceholder = "@@herald-script-nonce@@"

    private struct State {
        var snapshot: FileTreeSnapshot
        /// Set while the tree is watched: a request then needs no snapshot until something changes.
        var watch: FileTreeWatch?
        var generation: Generation
        var composed: [Key: Composed] = [:]
        var pages: [PageKey: Page] = [:]
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

    /// The generation, if the folders are watched and nothing changed since it was compiled (one
    /// non-blocking `read`); nil when only `current()` can tell (not yet compiled, changed, or not watched).
    func unchangedWatchedGeneration() -> Generation? {
        guard let state = state.withLock({ $0 }), state.watch?.isUnchanged() == true else { return nil }
        return state.generation
    }

    /// The generation as last compiled or checked, without looking at the disk: for a request whose
    /// check (`unchangedWatchedGeneration()`) was made after it arrived.
    func lastChecked() -> Generation? {
        state.withLock { $0?.generation }
    }

    /// Whether this generation has rendered the page for `key`.
    func holdsPage(_ key: PageKey) -> Bool {
        state.withLock { $0?.pages[key] != nil }
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

    /// The page for `key`, rendered (with `noncePlaceholder` as its nonce) only when this generation
    /// has not rendered it yet.
    func page(
        _ key: PageKey, in generation: Generation, render: () -> Result<(HTTPStatus, String), TemplateError>
    ) -> Result<Page, TemplateError> {
        if let cached = state.withLock({ $0?.pages[key] }) { return .success(cached) }
        let page: Page
        switch render() {
        case .success(let (status, text)): page = Page(status: status, text: text)
        case .failure(let error): return .failure(error)
        }
        state.withLock { state in
            guard var current = state, current.generation.number == generation.number, current.pages.count < Self.composedLimit else { return }
            current.pages[key] = page
            state = current
        }
        return .success(page)
    }

    private func currentState() -> State {
        let previous = state.withLock { $0 }
        if let previous, previous.watch?.isUnchanged() == true { return previous }
        let roots = [templatesPath, previewsPath]
        let first = FileTreeSnapshot(roots: roots)
        let watch = FileTreeWatch(paths: roots + first.paths)
        // A change while the watches were being set up may have been missed: only a tree that still
        // looks the same keeps them (otherwise the next request looks again).
        let snapshot = FileTreeSnapshot(roots: roots)
        let watched = snapshot == first ? watch : nil
        if var previous, previous.snapshot == snapshot {
            previous.watch = watched
            state.withLock { $0 = previous }
            return previous
        }
        let loaded = PreviewSample.load(directory: URL(fileURLWithPath: previewsPath))
        let templates = URL(fileURLWithPath: templatesPath)
        let catalogs = LocaleCatalogs.load(directory: LocaleCatalogs.directory(in: templates)).catalogs
        let generation = Generation(
            number: (previous?.generation.number ?? 0) &+ 1, samples: loaded.samples,
            samplesByKind: Dictionary(grouping: loaded.samples, by: \.kind).mapValues { ($0, $0.map(\.variant)) }, sampleProblems: loaded.problems,
            contextTexts: Dictionary(loaded.samples.map { ($0.path, Self.pretty($0.context)) }) { first, _ in first },
            catalogs: catalogs, languageByCode: Dictionary(uniqueKeysWithValues: catalogs.languages.map { language in
                (language.rawValue, LocaleResolution(requested: language.rawValue, catalogs: catalogs).language)
            }),
            renderer: Result { () throws(TemplateError) in try MessageRenderer(templatesDirectory: templates, brand: brand) })
        let fresh = State(snapshot: snapshot, watch: watched, generation: generation)
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
