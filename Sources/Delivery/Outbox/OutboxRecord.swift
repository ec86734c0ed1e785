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

    /// The record as one line of JSON ending in `\n` (JSON escapes every newline inside strings).
    public func jsonLine() throws(OutboxError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var line: Data
        do {
            line = try encoder.encode(self)
        } catch {
            throw .encoding(id: composed.id, detail: "\(error)")
        }
        if let context = composed.context {
            let compact: Data
            do {
                let object = try JSONSerialization.jsonObject(with: Data(context.utf8))
                guard object is [String: Any] else { throw OutboxError.invalidContext(id: composed.id, detail: "not a JSON object") }
                compact = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
            } catch let error as OutboxError {
                throw error
            } catch {
                throw .invalidContext(id: composed.id, detail: "\(error)")
            }
            line.removeLast()  // the closing brace
            line.append(contentsOf: Array(#","context":"#.utf8))
            line.append(compact)
            line.append(UInt8(ascii: "}"))
        }
        line.append(UInt8(ascii: "\n"))
        return line
    }
}
