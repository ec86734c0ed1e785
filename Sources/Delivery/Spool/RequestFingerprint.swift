import Foundation
import Messages

/// A compact identity of a send request's content, so a repeated request with the same key can be told
/// from a different one without storing the body twice. Not a security hash: keys are the caller's own.
public enum RequestFingerprint {
    /// 128 bits from two FNV-1a passes over the bytes, as 32 hex digits.
    public static func of(_ data: Data) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in data {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hex(first) + hex(second)
    }

    public static func of(_ text: String) -> String { of(Data(text.utf8)) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

extension RequestFingerprint {
    /// The fingerprint of a send request's content (message, recipients, locale, context, key, sendAt),
    /// independent of JSON member order and whitespace. The HTTP API and `herald send` both read
    /// requests with `SendRequest` and call this, so the same request sent either way is one message.
    public static func of(_ request: SendRequest) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let canonical = CanonicalRequest(
            message: request.message, to: request.to, locale: request.locale, context: request.context,
            key: request.key, sendAt: request.sendAt.map { $0.date.timeIntervalSince1970 })
        return of((try? encoder.encode(canonical)) ?? Data())
    }

    private struct CanonicalRequest: Encodable {
        var message: String
        var to: [EmailAddress]
        var locale: String?
        var context: JSONValue
        var key: String?
        var sendAt: Double?
    }
}
