import Foundation
import Messages

/// One line of the outbox file (README "Transports"): a delivered message as tests and other languages read it.
///
/// `context` is the caller's context object, recorded when the composed message carries it so that
/// `HeraldTesting` can decode it back into the typed struct. `attachments` lists each attachment's
/// name, type, size and SHA-256 (`[]` when none, and when read from a line written before it existed).
public struct OutboxRecord: Codable, Sendable, Hashable {
    public var id: String
    public var message: String
    public var locale: String
    public var key: String?
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var subject: String
    public var text: String
    public var html: String
    public var headers: [String: String]
    /// RFC 3339, UTC, with milliseconds.
    public var deliveredAt: String
    public var eml: String
    /// The context as compact JSON text (an object), when recorded.
    public var context: String?
    /// Name, content type, decoded size and SHA-256 of each attachment, in the order of the eml's parts.
    public var attachments: [AttachmentSummary]

    /// `context` defaults to the one the composed message carries.
    public init(_ message: ComposedMessage, deliveredAt: Date, context: String? = nil) {
        self.id = message.id
        self.message = message.message
        self.locale = message.locale
        self.key = message.key
        self.from = message.from
        self.to = message.to
        self.subject = message.subject
        self.text = message.text
        self.html = message.html
        self.headers = message.headers
        self.deliveredAt = RFC3339.format(deliveredAt)
        self.eml = message.eml
        self.context = context ?? message.context
        self.attachments = message.attachments ?? []
    }

    private enum CodingKeys: String, CodingKey {
        case id, message, locale, key, from, to, subject, text, html, headers, deliveredAt, eml, attachments
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        message = try container.decode(String.self, forKey: .message)
        locale = try container.decode(String.self, forKey: .locale)
        key = try container.decodeIfPresent(String.self, forKey: .key)
        from = try container.decode(EmailAddress.self, forKey: .from)
        to = try container.decode([EmailAddress].self, forKey: .to)
        subject = try container.decode(String.self, forKey: .subject)
        text = try container.decode(String.self, forKey: .text)
        html = try container.decode(String.self, forKey: .html)
        headers = try container.decode([String: String].self, forKey: .headers)
        deliveredAt = try container.decode(String.self, forKey: .deliveredAt)
        eml = try container.decode(String.self, forKey: .eml)
        attachments = try container.decodeIfPresent([AttachmentSummary].self, forKey: .attachments) ?? []
        context = nil
    }

    /// Encodes every field of §5; `key` is written as `null` when absent, as the contract shows.
    /// `context` is spliced in by `jsonLine()` as an object, not as a string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(message, forKey: .message)
        try container.encode(locale, forKey: .locale)
        if let key { try container.encode(key, forKey: .key) } else { try container.encodeNil(forKey: .key) }
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(subject, forKey: .subject)
        try container.encode(text, forKey: .text)
        try container.encode(html, forKey: .html)
        try container.encode(headers, forKey: .headers)
        try container.encode(deliveredAt, forKey: .deliveredAt)
        try container.encode(eml, forKey: .eml)
        try container.encode(attachments, forKey: .attachments)
    }

    /// The record as one line of JSON ending in `\n` (JSON escapes every newline inside strings).
    public func jsonLine() throws(OutboxError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var line: Data
        do {
            line = try encoder.encode(self)
        } catch {
            throw .encoding(id: id, detail: "\(error)")
        }
        if let context {
            let compact: Data
            do {
                let object = try JSONSerialization.jsonObject(with: Data(context.utf8))
                guard object is [String: Any] else { throw OutboxError.invalidContext(id: id, detail: "not a JSON object") }
                compact = try JSONSerialization.data(withJSONObject: object, options: [.withoutEscapingSlashes])
            } catch let error as OutboxError {
                throw error
            } catch {
                throw .invalidContext(id: id, detail: "\(error)")
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
