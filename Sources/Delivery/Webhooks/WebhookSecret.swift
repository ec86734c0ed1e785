import Foundation

/// The key webhooks are signed with (`HERALD_WEBHOOK_SECRET`): `whsec_` and the key in base64, as the
/// Standard Webhooks libraries take it. Its description never shows the key.
public struct WebhookSecret: Sendable, Hashable, CustomStringConvertible {
    let key: [UInt8]

    /// Why a secret's text is refused (the text itself is never repeated).
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        case missingPrefix
        case notBase64
        case tooShort(bytes: Int)

        public var description: String {
            switch self {
            case .missingPrefix: "expected whsec_ followed by the key in base64"
            case .notBase64: "the part after whsec_ is not base64"
            case .tooShort(let bytes): "the key is \(bytes) bytes; give at least \(WebhookSecret.minimumBytes) (e.g. whsec_$(openssl rand -base64 32))"
            }
        }
    }

    /// Shorter keys are guessable: Standard Webhooks recommends 24 to 64 bytes.
    static let minimumBytes = 24

    public init(parsing text: String) throws(Problem) {
        guard text.hasPrefix("whsec_") else { throw .missingPrefix }
        guard let key = Data(base64Encoded: String(text.dropFirst("whsec_".count))) else { throw .notBase64 }
        guard key.count >= Self.minimumBytes else { throw .tooShort(bytes: key.count) }
        self.key = Array(key)
    }

    /// `v1,` and the base64 HMAC-SHA256 of `id.timestamp.body`: a Standard Webhooks `webhook-signature`.
    public func signature(id: String, timestamp: Int, body: String) -> String? {
        guard let mac = HMACSHA256.mac(key: key, message: Array("\(id).\(timestamp).\(body)".utf8)) else { return nil }
        return "v1," + Data(mac).base64EncodedString()
    }

    public var description: String { "whsec_***" }
}
