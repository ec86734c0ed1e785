import Foundation

/// Where a page of `GET /v1/messages` ended: the creation time and id of its last message. The next
/// page holds the messages ordered after it, so messages accepted meanwhile (newer, at the front)
/// never shift a page or repeat one.
///
/// Its text form is opaque to callers: base64url of the time's exact bits and the id.
public struct MessageCursor: Sendable, Hashable, CustomStringConvertible {
    public var createdAt: Date
    public var id: String

    /// The bytes a token is written in (base64url without padding).
    public static let alphabet = Set(Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8))

    public init(createdAt: Date, id: String) {
        self.createdAt = createdAt
        self.id = id
    }

    /// Reads a cursor a page gave out; nil for any other text.
    public init?(token: String) {
        guard token.utf8.count <= 400, token.utf8.allSatisfy(Self.alphabet.contains) else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let dot = text.firstIndex(of: "."), let bits = UInt64(text[..<dot], radix: 16) else { return nil }
        let id = String(text[text.index(after: dot)...])
        let seconds = Double(bitPattern: bits)
        guard seconds.isFinite, SpoolRecord.isValidID(id) else { return nil }
        self.init(createdAt: Date(timeIntervalSinceReferenceDate: seconds), id: id)
    }

    public var token: String {
        let text = String(createdAt.timeIntervalSinceReferenceDate.bitPattern, radix: 16) + "." + id
        return Data(text.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public var description: String { token }
}
