/// A fully rendered and composed email, ready for a transport.
///
/// This is the unit the spool stores and every transport delivers: the rendered parts are kept
/// next to the RFC 5322 bytes so the outbox (README "Transports") and status queries need no re-rendering.
public struct ComposedMessage: Codable, Sendable, Hashable {
    /// Herald's id for the message (also used in the `Message-ID` header).
    public var id: String
    /// The message kind, e.g. `installment-paid`.
    public var message: String
    /// The locale the message was rendered in (after fallback).
    public var locale: String
    /// The caller's idempotency key, if any.
    public var key: String?
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var subject: String
    public var text: String
    public var html: String
    /// Selected headers of the composed message (at least `Message-ID`).
    public var headers: [String: String]
    /// The full RFC 5322 message exactly as it is handed to the transport (CRLF line endings, 7-bit).
    public var eml: String
    /// The caller's validated context as compact JSON, recorded in the outbox so a test can decode
    /// it back into the typed struct (`HeraldTesting`). `nil` for messages composed without one.
    public var context: String?
    /// The attachments' names, types, sizes and digests (the bytes are in `eml`); `nil` when there
    /// are none, so a message without any is stored exactly as before attachments existed.
    public var attachments: [AttachmentSummary]?

    public init(
        id: String, message: String, locale: String, key: String?, from: EmailAddress, to: [EmailAddress],
        subject: String, text: String, html: String, headers: [String: String], eml: String, context: String? = nil,
        attachments: [AttachmentSummary]? = nil
    ) {
        self.id = id
        self.message = message
        self.locale = locale
        self.key = key
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
        self.eml = eml
        self.context = context
        self.attachments = attachments
    }
}
