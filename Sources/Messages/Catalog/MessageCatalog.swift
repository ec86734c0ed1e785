import DKIM
import Foundation

/// Validates and composes one message: the context is decoded once into its typed struct, its
/// problems are added to the envelope's (the one place the two meet, so one answer lists both), and
/// the typed context is rendered and made into MIME. Every message Herald makes comes through here:
/// the service layer's submission pipeline (`POST /v1/messages`, `herald send`), `POST /v1/render`,
/// the preview pages, `herald render`, the tests and the benchmarks. Answering keyed retries and
/// enqueueing are not the catalog's business: the service layer does them around `compose`.
public struct MessageCatalog: Sendable {
    public let renderer: MessageRenderer
    /// The `From` of every message (`HERALD_FROM`).
    public let sender: EmailAddress
    /// Signs every composed message when DKIM is configured (`HERALD_DKIM_*`); nil sends unsigned mail.
    public let signer: DKIMSigner?
    /// The `Reply-To` of every message (`HERALD_BRAND_REPLY_TO`, by default the brand's support address):
    /// `From` is a no-reply address, so a customer's answer must reach someone.
    public let replyTo: EmailAddress
    /// The right side of every `Message-ID` (`HERALD_MESSAGE_ID_DOMAIN`, by default the sender's domain).
    public let messageIDDomain: String?
    private let composer = MIMEComposer()

    /// `replyTo` nil means the renderer's brand support address.
    public init(renderer: MessageRenderer, sender: EmailAddress, signer: DKIMSigner? = nil,
                replyTo: EmailAddress? = nil, messageIDDomain: String? = nil) {
        self.renderer = renderer
        self.sender = sender
        self.signer = signer
        self.replyTo = replyTo ?? EmailAddress(email: renderer.brand.supportEmail, name: nil)
        self.messageIDDomain = messageIDDomain
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

    /// Validates, renders and composes a send request whose envelope was read by `SendRequest.envelope`,
    /// with the problems found there. `id` becomes the `Message-ID`; `now` is the `Date` header and the
    /// day "tomorrow" is relative to (inject both for reproducible output).
    ///
    /// - Throws: `invalidFields` with the envelope's problems followed by the context's;
    ///   `unknownMessage` when the kind is unknown and the envelope is otherwise sound;
    ///   `template` or `composition` for Herald's own failures.
    public func compose(_ request: SendRequest, envelopeProblems: FieldProblems, id: String, now: Date) throws(CatalogError) -> Result {
        guard let kind = MessageKind(rawValue: request.message) else {
            if envelopeProblems.isEmpty { throw .unknownMessage(request.message) }
            throw .invalidFields(envelopeProblems)
        }
        let environment = renderer.environment(locale: request.locale, now: now)
        var problems = envelopeProblems
        var context: (any MessageContext)?
        // A context the envelope already refused (missing, not an object) is not reported twice.
        if !envelopeProblems.problems.contains(where: { $0.path == "context" }) {
            do { context = try kind.decodeContext(request.context, environment: environment) } catch { problems.append(contentsOf: error) }
        }
        guard let context, problems.isEmpty else { throw .invalidFields(problems) }
        let rendered = try renderer.render(context, environment: environment)
        return try compose(rendered, to: request.to, key: request.key, id: id, now: now, context: request.context, attachments: request.attachments)
    }

    /// The same for a caller that builds its request in Swift (`herald render`, benchmarks): its
    /// recipients are checked as the envelope's would be.
    public func compose(_ request: Request, id: String, now: Date) throws(CatalogError) -> Result {
        var recipientProblems = FieldProblems()
        for (index, recipient) in request.to.enumerated() {
            let path = FieldPath("to").appending(index: index)
            if let problem = AddressValidator.problem(with: recipient.email) {
                recipientProblems.append(FieldProblem(path: path.appending("email"), problem: problem))
            }
            if let name = recipient.name, let problem = AddressValidator.displayNameProblem(name) {
                recipientProblems.append(FieldProblem(path: path.appending("name"), problem: problem.text, kind: problem.kind))
            }
        }
        if request.to.isEmpty { recipientProblems.append(FieldProblem(path: FieldPath("to"), problem: "must not be empty")) }
        let sendRequest = SendRequest(message: request.message, to: request.to, locale: request.locale, context: request.context, key: request.key, sendAt: nil)
        return try compose(sendRequest, envelopeProblems: recipientProblems, id: id, now: now)
    }

    /// Composes already rendered parts into MIME, the last step of `compose(_:envelopeProblems:id:now:)`.
    /// `context`, the caller's validated context, is kept with the message so the outbox can record it,
    /// and so are the attachments' summaries (their bytes are in the eml).
    public func compose(
        _ rendered: RenderedMessage, to: [EmailAddress], key: String? = nil, id: String, now: Date, context: JSONValue? = nil,
        attachments: [Attachment] = []
    ) throws(CatalogError) -> Result {
        var output: MIMEComposer.Output
        do {
            output = try composer.compose(MIMEComposer.Parts(
                from: sender, to: to, subject: rendered.subject, text: rendered.text, html: rendered.html, id: id, date: now,
                replyTo: replyTo, messageIDDomain: messageIDDomain, attachments: attachments))
        } catch {
            throw .composition(error)
        }
        if let signer {
            // Signed at compose time, so the spool, the outbox and SMTP all carry the signed bytes.
            do { output.eml = try signer.sign(output.eml, at: now) } catch { throw .signing(error) }
        }
        let message = ComposedMessage(
            id: id, message: rendered.kind.rawValue, locale: rendered.locale.language.rawValue, key: key, from: sender, to: to,
            subject: rendered.subject, text: rendered.text, html: rendered.html, headers: output.headers, eml: output.eml,
            context: context?.compactText, attachments: attachments.isEmpty ? nil : attachments.map(\.summary))
        return Result(message: message, rendered: rendered)
    }
}
