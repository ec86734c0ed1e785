import Foundation
import HeraldLogging
import HTTPServer
import Messages
import Template

/// The developer preview pages (README "Preview pages"). Every request checks the templates and samples
/// on disk (`PreviewCache`): an edit shows on reload, and while nothing changed nothing is read,
/// compiled or composed again. Names in the URL are only ever looked up among the loaded samples: an
/// unknown message or variant is a `404`, never a file path. A `GET` of a page the cache holds, with
/// the folders watched and unchanged, is answered on the server's event loop (nothing it does can
/// block); any other request runs on a worker.
struct PreviewRoutes: Sendable {
    let configuration: HeraldConfiguration
    let sender: EmailAddress
    let logger: HeraldLog
    private let cache: PreviewCache
    private let nonces = ScriptNonces()

    init(configuration: HeraldConfiguration, sender: EmailAddress, logger: HeraldLog) {
        (self.configuration, self.sender, self.logger) = (configuration, sender, logger)
        cache = PreviewCache(templatesPath: configuration.templatesPath, previewsPath: configuration.previewsPath, brand: configuration.brand)
    }

    private static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src https: http: data:; form-action 'self'; frame-ancestors 'none'"

    /// Pages load nothing but the email's own images and run no script but the preview page's
    /// own, named by `scriptNonce` (a fresh one per response, so no value shown can carry a script).
    private static func securityHeaders(scriptNonce: String? = nil) -> [(String, String)] {
        [
            ("Content-Security-Policy", scriptNonce.map { contentSecurityPolicy + "; script-src 'nonce-" + $0 + "'" } ?? contentSecurityPolicy),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
        ]
    }


    func register(on router: inout RouteTable) {
        router.add(.get, "/previews") { _, _ in index() }
        router.add(.get, "/previews/{message}/{variant}", runsOn: { request, parameters in
            cachedPageIsReady(request, RequestContext(parameters: parameters)) ? .eventLoop : .worker
        }) { request, context in page(request, context, postedContext: nil) }
        router.add(.post, "/previews/{message}/{variant}") { request, context in
            switch postedContext(request) {
            case .success(let text): page(request, context, postedContext: text)
            case .failure(let error): error.response
            }
        }
        router.add(.get, "/previews/{message}/{variant}/eml") { request, context in part(request, context, eml: true) }
        router.add(.get, "/previews/{message}/{variant}/html") { request, context in part(request, context, eml: false) }
    }

    private func index() -> ServerResponse {
        let generation = cache.current()
        return html(Result { () throws(TemplateError) in
            (.ok, try PreviewPage.index(samples: generation.samples, languages: generation.catalogs.languages, problems: generation.sampleProblems))
        })
    }

    /// The sample named by the path, with every variant of its message (for the switch).
    private func sample(_ context: RequestContext, in generation: PreviewCache.Generation) -> Result<(PreviewSample, [String]), APIError> {
        let name: String
        let variant: String
        do {
            name = try context.parameter("message")
            variant = try context.parameter("variant")
        } catch {
            return .failure(error)
        }
        guard let kind = MessageKind(rawValue: name) else { return .failure(.notFound("no message \(name)")) }
        guard let samples = generation.samplesByKind[kind], let sample = samples.samples.first(where: { $0.variant == variant }) else {
            return .failure(.notFound("no preview \(variant) for \(name)"))
        }
        return .success((sample, samples.variants))
    }

    private func language(_ request: ServerRequest, in generation: PreviewCache.Generation) -> TemplateLanguage {
        guard let requested = request.queryValue("locale") else { return .en }
        return generation.languageByCode[requested] ?? LocaleResolution(requested: requested, catalogs: generation.catalogs).language
    }

    /// The cached page a `GET` of `sample` asks for (locale, width, scheme).
    private func pageKey(_ request: ServerRequest, _ sample: PreviewSample, in generation: PreviewCache.Generation) -> PreviewCache.PageKey {
        PreviewCache.PageKey(
            sample: sample.path, locale: language(request, in: generation),
            width: PreviewWidth(queryValue: request.queryValue("width")), dark: request.queryValue("scheme") == "dark")
    }

    /// Whether a `GET` can be answered on the event loop: the folders are watched and unchanged
    /// (one non-blocking `read`) and the cache holds the page. Anything else (a first request, an
    /// edit, no inotify) goes to a worker, which may read and compile.
    private func cachedPageIsReady(_ request: ServerRequest, _ routing: RequestContext) -> Bool {
        guard let generation = cache.unchangedWatchedGeneration(), case .success(let (sample, _)) = sample(routing, in: generation) else { return false }
        return cache.holdsPage(pageKey(request, sample, in: generation))
    }

    /// A sample's page: from the cache for a `GET` (with a fresh nonce between its pieces), rendered
    /// for the context a developer posted. On the event loop (`cachedPageIsReady` said so for this
    /// request, after it arrived) the generation just checked is used as it is, without looking at
    /// the disk again.
    private func page(_ request: ServerRequest, _ routing: RequestContext, postedContext: String?) -> ServerResponse {
        let generation = request.execution == .eventLoop ? cache.lastChecked() ?? cache.current() : cache.current()
        let sample: PreviewSample
        let variants: [String]
        switch self.sample(routing, in: generation) {
        case .success(let found): (sample, variants) = found
        case .failure(let error): return error.response
        }
        let key = pageKey(request, sample, in: generation)
        let nonce = nonces.next()
        guard let postedContext else {
            let cached = cache.page(key, in: generation) {
                renderPage(key, sample: sample, variants: variants, nonce: PreviewCache.noncePlaceholder, postedContext: nil, in: generation)
            }
            return html(cached.map { ($0.status, $0.bodyParts(nonce: Array(nonce.utf8))) }, scriptNonce: nonce)
        }
        return html(renderPage(key, sample: sample, variants: variants, nonce: nonce, postedContext: postedContext, in: generation), scriptNonce: nonce)
    }

    /// The page's status and text: the sample composed (from the cache) or the posted context, its
    /// problems or failure shown on the page.
    private func renderPage(
        _ key: PreviewCache.PageKey, sample: PreviewSample, variants: [String], nonce: String, postedContext: String?,
        in generation: PreviewCache.Generation
    ) -> Result<(HTTPStatus, String), TemplateError> {
        var content = PreviewPage.Content(
            kind: sample.kind, variant: sample.variant, variants: variants, locale: key.locale, languages: generation.catalogs.languages,
            width: key.width, dark: key.dark, scriptNonce: nonce, contextText: postedContext ?? generation.contextTexts[sample.path] ?? "{}",
            edited: postedContext != nil, message: nil, headers: [], localeNote: nil, problems: [], failure: nil)
        var status = HTTPStatus.ok
        let rendered: PreviewCache.Composed
        if let postedContext {
            do {
                rendered = PreviewCache.Composed(render(sample, context: try JSONValue(parsing: Array(postedContext.utf8)), locale: key.locale, in: generation))
            } catch {
                content.problems = [("context", error.description)]
                return Result { () throws(TemplateError) in (.badRequest, try PreviewPage.preview(content)) }
            }
        } else {
            rendered = render(sample, locale: key.locale, in: generation)
        }
        switch rendered.result {
        case .success(let result):
            content.message = result.message
            content.headers = rendered.headers
            content.localeNote = result.localeNote
        case .failure(let error):
            switch error {
            case .invalidFields(let problems):
                content.problems = problems.problems.map { ($0.path, $0.problem) }
                status = problems.httpStatus == 422 ? .unprocessableContent : .badRequest
            default:
                content.failure = error.description
                status = .internalServerError
                logger.error("preview_failed", ["message": .string(sample.kind.rawValue), "variant": .string(sample.variant), "error": .string(error.description)])
            }
        }
        return Result { () throws(TemplateError) in (status, try PreviewPage.preview(content)) }
    }

    /// The raw `.eml` (as a download) or the bare HTML part of a sample.
    private func part(_ request: ServerRequest, _ routing: RequestContext, eml: Bool) -> ServerResponse {
        let generation = cache.current()
        let sample: PreviewSample
        switch self.sample(routing, in: generation) {
        case .success(let found): sample = found.0
        case .failure(let error): return error.response
        }
        switch render(sample, locale: language(request, in: generation), in: generation).result {
        case .success(let result):
            var response = ServerResponse(status: .ok, contentType: eml ? "message/rfc822" : "text/html; charset=utf-8",
                                        body: eml ? result.message.eml : result.message.html)
            for (name, value) in Self.securityHeaders() { response.headers.add(name, value) }
            if eml {
                response.headers.add("Content-Disposition", "attachment; filename=\"\(sample.kind.rawValue)-\(sample.variant).eml\"")
            }
            return response
        case .failure(let error):
            return APIError(.internalServerError, code: "preview_failed", message: error.description).response
        }
    }

    /// The sample as stored, composed once per generation and locale.
    private func render(_ sample: PreviewSample, locale: TemplateLanguage, in generation: PreviewCache.Generation) -> PreviewCache.Composed {
        cache.composed(sample, locale: locale, in: generation) { render(sample, context: sample.context, locale: locale, in: generation) }
    }

    /// Validates and composes through the send pipeline (as `POST /v1/render` does, for the placeholder
    /// recipient) with the generation's templates, with the sample's attachments.
    private func render(
        _ sample: PreviewSample, context: JSONValue, locale: TemplateLanguage, in generation: PreviewCache.Generation
    ) -> Result<MessageCatalog.Result, CatalogError> {
        let (kind, variant) = (sample.kind, sample.variant)
        let renderer: MessageRenderer
        switch generation.renderer {
        case .success(let compiled): renderer = compiled
        case .failure(let error): return .failure(.template(error))
        }
        var fields: [String: JSONValue] = ["message": .string(kind.rawValue), "locale": .string(locale.rawValue), "context": context]
        if let attachments = sample.attachments { fields["attachments"] = attachments }
        let request = JSONValue.object(fields)
        do {
            return .success(try MessageSubmission.compose(
                request, recipientsRequired: false, catalog: MessageCatalog(renderer: renderer, sender: sender, replyTo: configuration.replyTo,
                                                                   messageIDDomain: configuration.messageIDDomain),
                id: "preview.\(kind.rawValue).\(variant)", now: PreviewSample.referenceTime))
        } catch {
            return .failure(error)
        }
    }

    /// The context a developer posted: a form field `context`, or a whole JSON body.
    private func postedContext(_ request: ServerRequest) -> Result<String, APIError> {
        let mediaType = request.headers["Content-Type"]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        switch mediaType {
        case "application/x-www-form-urlencoded":
            guard let fields = FormBody.decode(request.body), let context = fields["context"] else {
                return .failure(APIError(.badRequest, code: "invalid_form", message: "expected a form with a context field"))
            }
            return .success(context)
        case "application/json":
            return .success(String(decoding: request.body, as: UTF8.self))
        default:
            return .failure(APIError(.unsupportedMediaType, code: "unsupported_media_type", message: "post the context as a form or as application/json"))
        }
    }

    /// A page rendered from its template, with the security headers; a page that fails to render
    /// (a template mistake, caught by the tests) is a logged `500`.
    private func html(_ page: Result<(HTTPStatus, String), TemplateError>, scriptNonce: String? = nil) -> ServerResponse {
        html(page.map { ($0.0, [Array($0.1.utf8)]) }, scriptNonce: scriptNonce)
    }

    /// The same for a page given as the parts of its body (a cached page's pieces and nonces).
    private func html(_ page: Result<(HTTPStatus, [[UInt8]]), TemplateError>, scriptNonce: String? = nil) -> ServerResponse {
        let status: HTTPStatus, parts: [[UInt8]]
        switch page {
        case .success(let rendered): (status, parts) = rendered
        case .failure(let error):
            logger.error("preview_page_failed", ["error": .string(error.description)])
            return APIError(.internalServerError, code: "preview_page_failed", message: error.description).response
        }
        var headers = HTTPHeaders([("Content-Type", "text/html; charset=utf-8")])
        for (name, value) in Self.securityHeaders(scriptNonce: scriptNonce) { headers.add(name, value) }
        return ServerResponse(status: status, headers: headers, bodyParts: parts)
    }
}
