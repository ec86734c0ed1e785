import Delivery
import Foundation
import Messages

/// A delivered message as a test sees it: one line of the outbox file (README "Transports").
///
/// HeraldTesting's own type rather than the outbox writer's record, so a caller's test reads mail
/// with `import HeraldTesting` alone (the delivery layer is not a product) and keeps compiling when
/// the writer's internals change.
public struct OutboxMessage: Sendable, Hashable {
    /// The message id, as the send API answered it.
    public var id: String
    /// The message kind, e.g. `installment-paid`.
    public var message: String
    public var locale: String
    /// The caller's idempotency key, if the request had one.
    public var key: String?
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var subject: String
    public var text: String
    public var html: String
    public var headers: [String: String]
    /// When the outbox transport wrote the line (RFC 3339).
    public var deliveredAt: String
    /// The whole RFC 5322 message as it would go over SMTP.
    public var eml: String
    /// The request's `context` as JSON text, when the message was composed from one.
    public var context: String?
    /// Each attachment's name, type, size and SHA-256, in part order (empty when there is none).
    public var attachments: [AttachmentSummary]

    package init(_ record: OutboxRecord) {
        let message = record.composed
        id = message.id
        self.message = message.message
        locale = message.locale
        key = message.key
        from = message.from
        to = message.to
        subject = message.subject
        text = message.text
        html = message.html
        headers = message.headers
        deliveredAt = record.deliveredAt
        eml = message.eml
        context = message.context
        attachments = message.attachments ?? []
    }

    /// Decodes the recorded context back into the message's typed context struct, so a test
    /// asserts on fields rather than on JSON text.
    public func decodeContext<Context: Decodable>(_ type: Context.Type) throws(TestOutboxError) -> Context {
        guard let context else { throw .noContext(id: id) }
        do {
            return try JSONDecoder().decode(Context.self, from: Data(context.utf8))
        } catch {
            throw .contextMismatch(id: id, type: String(describing: Context.self), detail: "\(error)")
        }
    }
}
