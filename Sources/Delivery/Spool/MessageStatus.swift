import Foundation
import HeraldLogging

/// What a caller can know about a message (README "API"). Encodes to the documented JSON with RFC 3339 dates:
/// `{"id","message","status","attempts","lastError","createdAt","sendAt","deliveredAt","key"}` plus
/// `nextAttemptAt` and `replacedBy` when they apply. Absent values are `null`.
public struct MessageStatus: Codable, Sendable, Hashable {
    public var id: String
    public var message: String
    public var status: DeliveryState
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var sendAt: Date?
    public var deliveredAt: Date?
    public var key: String?
    public var nextAttemptAt: Date?
    public var replacedBy: String?

    public init(
        id: String, message: String, status: DeliveryState, attempts: Int, lastError: String?, createdAt: Date,
        sendAt: Date?, deliveredAt: Date?, key: String?, nextAttemptAt: Date?, replacedBy: String?
    ) {
        self.id = id
        self.message = message
        self.status = status
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.sendAt = sendAt
        self.deliveredAt = deliveredAt
        self.key = key
        self.nextAttemptAt = nextAttemptAt
        self.replacedBy = replacedBy
    }

    private enum CodingKeys: String, CodingKey {
        case id, message, status, attempts, lastError, createdAt, sendAt, deliveredAt, key, nextAttemptAt, replacedBy
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func date(_ key: CodingKeys) throws -> Date? {
            guard let text = try container.decodeIfPresent(String.self, forKey: key) else { return nil }
            guard let date = RFC3339.parse(text) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "not RFC 3339: \(text)")
            }
            return date
        }
        id = try container.decode(String.self, forKey: .id)
        message = try container.decode(String.self, forKey: .message)
        status = try container.decode(DeliveryState.self, forKey: .status)
        attempts = try container.decode(Int.self, forKey: .attempts)
        lastError = try container.decodeIfPresent(String.self, forKey: .lastError)
        guard let created = try date(.createdAt) else {
            throw DecodingError.valueNotFound(String.self, .init(codingPath: [CodingKeys.createdAt], debugDescription: "createdAt"))
        }
        createdAt = created
        sendAt = try date(.sendAt)
        deliveredAt = try date(.deliveredAt)
        key = try container.decodeIfPresent(String.self, forKey: .key)
        nextAttemptAt = try date(.nextAttemptAt)
        replacedBy = try container.decodeIfPresent(String.self, forKey: .replacedBy)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        func put(_ value: String?, _ key: CodingKeys) throws {
            if let value { try container.encode(value, forKey: key) } else { try container.encodeNil(forKey: key) }
        }
        try container.encode(id, forKey: .id)
        try container.encode(message, forKey: .message)
        try container.encode(status, forKey: .status)
        try container.encode(attempts, forKey: .attempts)
        try put(lastError, .lastError)
        try container.encode(RFC3339.format(createdAt), forKey: .createdAt)
        try put(sendAt.map(RFC3339.format), .sendAt)
        try put(deliveredAt.map(RFC3339.format), .deliveredAt)
        try put(key, .key)
        if let nextAttemptAt { try container.encode(RFC3339.format(nextAttemptAt), forKey: .nextAttemptAt) }
        if let replacedBy { try container.encode(replacedBy, forKey: .replacedBy) }
    }

    /// One compact JSON object with sorted keys, as `herald send` prints it, the HTTP API answers it
    /// and every event stores it: written directly (`JSONEncoder` cost ≈ 50,000 instructions per status,
    /// a tenth of a delivery's whole cost), the same object the `Encodable` conformance gives.
    public func json() -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        func field(_ name: String, _ first: Bool = false) {
            bytes.appendUTF8(first ? "{\"" : ",\"")
            bytes.appendUTF8(name)
            bytes.appendUTF8("\":")
        }
        func text(_ value: String?) {
            if let value { JSONText.appendQuoted(value, to: &bytes) } else { bytes.appendUTF8("null") }
        }
        field("attempts", true)
        bytes.appendUTF8(String(attempts))
        field("createdAt")
        text(RFC3339.format(createdAt))
        field("deliveredAt")
        text(deliveredAt.map(RFC3339.format))
        field("id")
        text(id)
        field("key")
        text(key)
        field("lastError")
        text(lastError)
        field("message")
        text(message)
        if let nextAttemptAt {
            field("nextAttemptAt")
            text(RFC3339.format(nextAttemptAt))
        }
        if let replacedBy {
            field("replacedBy")
            text(replacedBy)
        }
        field("sendAt")
        text(sendAt.map(RFC3339.format))
        field("status")
        text(status.rawValue)
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
