import Foundation

/// The entry point for the send API, `POST /v1/render`, `herald render` and previews:
/// JSON context + locale + recipients → a rendered, composed `ComposedMessage` or every field problem.
public struct MessageCatalog: Sendable {
    public let renderer: MessageRenderer
    /// The `From` of every message (`HERALD_FROM`).
    public let sender: EmailAddress
    private let composer = MIMEComposer()

    public init(renderer: MessageRenderer, sender: EmailAddress) {
        self.renderer = renderer
        self.sender = sender
    }

    /// What a caller asks for; `context` is the request's raw `context` object.
    public struct Request: Sendable {
        public var message: String
        public var locale: String?
        public var to: [EmailAddress]
        public var context: JSONValue
        public var key: String?

        public init(message: String, locale: String?, to: [EmailAddress], context: JSONValue, key: String? = nil) {
            self.message = message
            self.locale = locale
            self.to = to
            self.context = context
            self.key = key
        }
    }

    /// A composed message and how its locale was chosen.
    public struct Result: Sendable {
        public var message: ComposedMessage
        public var rendered: RenderedMessage
        /// Set when the requested locale had no templates and `en` was used.
        public var localeNote: String? { rendered.locale.note }
    }

    /// Validates, renders and composes one message. `id` becomes the `Message-ID`; `now` is the
    /// `Date` header and the day "tomorrow" is relative to (inject both for reproducible output).
    public func compose(_ request: Request, id: String, now: Date) throws(CatalogError) -> Result {
        guard let kind = MessageKind(rawValue: request.message) else { throw .unknownMessage(request.message) }
        var recipientProblems = FieldProblems()
        for (index, recipient) in request.to.enumerated() {
            let path = FieldPath("to").appending(index: index)
            if let problem = AddressValidator.problem(with: recipient.email) {
                recipientProblems.append(FieldProblem(path: path.appending("email"), problem: problem))
            }
            if let name = recipient.name, let problem = AddressValidator.displayNameProblem(name) {
                recipientProblems.append(FieldProblem(path: path.appending("name"), problem: problem))
            }
        }
        if request.to.isEmpty { recipientProblems.append(FieldProblem(path: FieldPath("to"), problem: "must not be empty")) }
        let rendered: RenderedMessage
        do {
            rendered = try renderer.render(kind, context: request.context, locale: request.locale, now: now)
        } catch {
            guard case .invalidFields(let contextProblems) = error else { throw error }
            recipientProblems.append(contentsOf: contextProblems)
            throw .invalidFields(recipientProblems)
        }
        guard recipientProblems.isEmpty else { throw .invalidFields(recipientProblems) }
        return try compose(rendered, to: request.to, key: request.key, id: id, now: now, context: request.context)
    }

    /// Composes already rendered parts (previews render once and show every view of the same result).
    /// `context`, the caller's validated context, is kept with the message so the outbox can record it.
    public func compose(
        _ rendered: RenderedMessage, to: [EmailAddress], key: String? = nil, id: String, now: Date, context: JSONValue? = nil
    ) throws(CatalogError) -> Result {
        let output: MIMEComposer.Output
        do {
            output = try composer.compose(MIMEComposer.Parts(
                from: sender, to: to, subject: rendered.subject, text: rendered.text, html: rendered.html, id: id, date: now))
        } catch {
            throw .composition(error)
        }
        let message = ComposedMessage(
            id: id, message: rendered.kind.rawValue, locale: rendered.locale.language.rawValue, key: key, from: sender, to: to,
            subject: rendered.subject, text: rendered.text, html: rendered.html, headers: output.headers, eml: output.eml,
            context: context.flatMap(Self.compactJSON))
        return Result(message: message, rendered: rendered)
    }

    private static func compactJSON(_ value: JSONValue) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
    }
}
