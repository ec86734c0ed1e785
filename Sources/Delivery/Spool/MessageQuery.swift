import Foundation

/// A search of the spool's messages (`GET /v1/messages`): every filter given must hold, and the
/// matches come newest first (`createdAt`, then id, both descending), a page of at most `limit` at a time.
///
/// Each filter is served by an index in both stores, so a search never reads the whole spool.
public struct MessageQuery: Sendable, Hashable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    /// Any of these states; empty: every state.
    public var statuses: Set<DeliveryState>
    /// The message kind (`payment-approved`, …).
    public var message: String?
    /// One of the message's recipients, compared as `RecipientAddress.normalized` stores them.
    public var recipient: String?
    /// The caller's key, exactly; a message keeps its key here after a newer one replaced it.
    public var key: String?
    /// Keys that start with this text (`order-42/`: every message of order 42).
    public var keyPrefix: String?
    /// Created strictly after this time.
    public var createdAfter: Date?
    /// Created strictly before this time.
    public var createdBefore: Date?
    /// At most this many messages (1 to `maximumLimit`).
    public var limit: Int
    /// Continue after the last message of the previous page.
    public var cursor: MessageCursor?

    public init(
        statuses: Set<DeliveryState> = [], message: String? = nil, recipient: String? = nil, key: String? = nil,
        keyPrefix: String? = nil, createdAfter: Date? = nil, createdBefore: Date? = nil,
        limit: Int = MessageQuery.defaultLimit, cursor: MessageCursor? = nil
    ) {
        self.statuses = statuses
        self.message = message
        self.recipient = recipient.map(RecipientAddress.normalized)
        self.key = key
        self.keyPrefix = keyPrefix
        self.createdAfter = createdAfter
        self.createdBefore = createdBefore
        self.limit = min(max(limit, 1), Self.maximumLimit)
        self.cursor = cursor
    }

    /// The smallest text greater than every text that starts with `keyPrefix`, in byte (code point)
    /// order: the exclusive end of the key range, so a prefix search is an index range in both stores.
    /// Nil when there is none (a prefix of only U+10FFFF) or no prefix.
    var keyPrefixEnd: String? {
        guard let keyPrefix, !keyPrefix.isEmpty else { return nil }
        var scalars = Array(keyPrefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if next == 0xD800 { next = 0xE000 }  // surrogates are not scalars
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                var end = String.UnicodeScalarView()
                end.append(contentsOf: scalars)
                return String(end)
            }
        }
        return nil
    }
}

/// How recipients are kept for search: the address with ASCII letters lowered (what SQLite's and
/// PostgreSQL's migrations compute for messages stored before search existed), so `to=` matches
/// whatever case a caller used.
enum RecipientAddress {
    static func normalized(_ address: String) -> String {
        String(decoding: address.utf8.map { byte in (0x41...0x5A).contains(byte) ? byte + 0x20 : byte }, as: UTF8.self)
    }
}
