import Foundation
import Messages

/// One line of the outbox file (README "Transports"): a delivered message as tests and other languages read it.
///
/// The line is the composed message, flat, with `deliveredAt`. Its `context` is the caller's context
/// object, recorded when the composed message carries it so that `HeraldTesting` can decode it back
/// into the typed struct. `attachments` lists each attachment's name, type, size and SHA-256 (`[]`
/// when none, and when read from a line written before it existed).
public struct OutboxRecord: Codable, Sendable, Hashable {
    /// The message as it was handed to the transport (its `attachments` nil when it has none).
    public var composed: ComposedMessage
    /// RFC 3339, UTC, with milliseconds.
    public var deliveredAt: String

    /// `context` defaults to the one the composed message carries.
    public init(_ message: ComposedMessage, deliveredAt: Date, context: String? = nil) {
        composed = message
        composed.context = context ?? message.context
        self.deliveredAt = RFC3339.format(deliveredAt)
    }

    private enum CodingKeys: String, CodingKey {
        case id, message, locale, key, from, to, subject, text, html, headers, deliveredAt, eml, attachments
    }

    /// `context` is read by `OutboxReader` as JSON text, not decoded here.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        composed = ComposedMessage(
            id: try container.decode(String.self, forKey: .id),
            message: try container.decode(String.self, forKey: .message),
            locale: try container.decode(String.self, forKey: .locale),
            key: try container.decodeIfPresent(String.self, forKey: .key),
            from: try container.decode(EmailAddress.self, forKey: .from),
            to: try container.decode([EmailAddress].self, forKey: .to),
            subject: try container.decode(String.self, forKey: .subject),
            text: try container.decode(String.self, forKey: .text),
            html: try container.decode(String.self, forKey: .html),
            headers: try container.decode([String: String].self, forKey: .headers),
            eml: try container.decode(String.self, forKey: .eml),
            attachments: try container.decodeIfPresent([AttachmentSummary].self, forKey: .attachments).flatMap { $0.isEmpty ? nil : $0 })
        deliveredAt = try container.decode(String.self, forKey: .deliveredAt)
    }

    /// Encodes every field of the line; `key` is written as `null` when absent, as the contract shows.
    /// `context` is spliced in by `jsonLine()` as an object, not as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(composed.id, forKey: .id)
        try container.encode(composed.message, forKey: .message)
        try container.encode(composed.locale, forKey: .locale)
        if let key = composed.key { try container.encode(key, forKey: .key) } else { try container.encodeNil(forKey: .key) }
        try container.encode(composed.from, forKey: .from)
        try container.encode(composed.to, forKey: .to)
        try container.encode(composed.subject, forKey: .subject)
        try container.encode(composed.text, forKey: .text)
        try container.encode(composed.html, forKey: .html)
        try container.encode(composed.headers, forKey: .headers)
        try container.encode(deliveredAt, forKey: .deliveredAt)
        try container.encode(composed.eml, forKey: .eml)
        try container.encode(composed.attachments ?? [], forKey: .attachments)
    }

    /// The record as one line of JSON ending in `\n` (JSON escapes every newline inside strings), the
    /// same object `encode(to:)` gives with `context` spliced in compact. Written directly: through
    /// `JSONEncoder` and `JSONSerialization` this line was a quarter of an accepted message's cost.
    public func jsonLine() throws(OutboxError) -> Data {
        var context: JSONValue?
        if let text = composed.context {
            do {
                context = try JSONValue(parsing: Array(text.utf8))
            } catch {
                throw .invalidContext(id: composed.id, detail: "\(error)")
            }
            guard case .object = context else { throw .invalidContext(id: composed.id, detail: "not a JSON object") }
        }
        var line = JSONOutput(capacity: composed.eml.utf8.count + composed.html.utf8.count * 11 / 10 + composed.text.utf8.count + 1_024)
        line.raw(#"{"id":"#)
        line.string(composed.id)
        line.raw(#","message":"#)
        line.string(composed.message)
        line.raw(#","locale":"#)
        line.string(composed.locale)
        line.raw(#","key":"#)
        line.optionalString(composed.key)
        line.raw(#","from":"#)
        line.address(composed.from)
        line.raw(#","to":"#)
        line.list(composed.to) { $0.address($1) }
        line.raw(#","subject":"#)
        line.string(composed.subject)
        line.raw(#","text":"#)
        line.string(composed.text)
        line.raw(#","html":"#)
        line.string(composed.html)
        line.raw(#","headers":"#)
        line.value(.object(composed.headers.mapValues(JSONValue.string)))
        line.raw(#","deliveredAt":"#)
        line.string(deliveredAt)
        line.raw(#","eml":"#)
        line.string(composed.eml)
        line.raw(#","attachments":"#)
        line.list(composed.attachments ?? []) { $0.attachment($1) }
        if let context {
            line.raw(#","context":"#)
            line.value(context)
        }
        line.raw("}\n")
        return Data(line.bytes)
    }
}
