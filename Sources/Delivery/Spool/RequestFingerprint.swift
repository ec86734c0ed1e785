import Foundation
import Messages

/// A compact identity of a send request's content, so a repeated request with the same key can be told
/// from a different one without storing the body twice. Not a security hash: keys are the caller's own.
public enum RequestFingerprint {
    /// The fingerprint of a send request's content (message, recipients, locale, context, key, sendAt,
    /// and each attachment's name, type and digest, left out when there are none so that fingerprints
    /// stored before attachments existed still match),
    /// independent of JSON member order and whitespace. The HTTP API and `herald send` both submit
    /// through Herald's one submission pipeline, which calls this, so the same request sent either way
    /// is one message.
    public static func of(_ request: SendRequest) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let canonical = CanonicalRequest(
            message: request.message, to: request.to, locale: request.locale, context: request.context,
            key: request.key, sendAt: request.sendAt.map { $0.date.timeIntervalSince1970 },
            attachments: request.attachments.isEmpty ? nil : request.attachments.map(\.summary))
        return FNV128.hex((try? encoder.encode(canonical)) ?? Data())
    }

    private struct CanonicalRequest: Encodable {
        var message: String
        var to: [EmailAddress]
        var locale: String?
        var context: JSONValue
        var key: String?
        var sendAt: Double?
        var attachments: [AttachmentSummary]?
    }
}
