import Foundation
import HeraldLogging
import Messages

/// One entry of a message's timeline, stored in the same transaction as the change it records.
///
/// `sequence` grows with every event a store records (in commit order), so `GET /v1/events?after=`
/// pages through them without missing one; `id` (`evt_…`) is what a webhook's `webhook-id` carries,
/// the same on every retry and replay.
public struct MessageEvent: Sendable, Hashable {
    public var sequence: Int64
    public var id: String
    public var messageID: String
    public var type: MessageEventType
    public var timestamp: Date
    /// The message's status right after the change, as `GET /v1/messages/{id}` answers it.
    public var data: MessageStatus

    public init(sequence: Int64, id: String, messageID: String, type: MessageEventType, timestamp: Date, data: MessageStatus) {
        self.sequence = sequence
        self.id = id
        self.messageID = messageID
        self.type = type
        self.timestamp = timestamp
        self.data = data
    }

    /// A new event id: `evt_` and the 32 hex digits of a version 7 UUID, so events made close in
    /// time sort close together in the events' id index (see `TimeOrderedUUID`).
    static func newID() -> String {
        String(decoding: Array("evt_".utf8) + LowercaseHex.digits(of: TimeOrderedUUID.bytes()), as: UTF8.self)
    }

    /// `{"type","timestamp","data"}`, the body a webhook endpoint receives (README "Webhooks").
    public var webhookBody: String {
        "{\"type\":\"\(type.rawValue)\",\"timestamp\":\"\(RFC3339.format(timestamp))\",\"data\":\(data.json())}"
    }

    /// `{"id","sequence","type","timestamp","messageId","data"}`, as the timeline and `GET /v1/events` list it.
    public var json: String {
        "{\"id\":\"\(id)\",\"sequence\":\(sequence),\"type\":\"\(type.rawValue)\",\"timestamp\":\"\(RFC3339.format(timestamp))\","
            + "\"messageId\":\(JSONText.quoted(messageID)),\"data\":\(data.json())}"
    }
}

extension MessageEvent {
    /// An event from a store's row (times in seconds since 2001-01-01 UTC, `data` the status JSON);
    /// a row that does not decode is a `corruptRecord` naming it.
    static func decode(
        sequence: Int64, id: String?, messageID: String?, type: String?, timestamp: Double?, data: String?, store: String
    ) -> Result<MessageEvent, SpoolError> {
        let place = "\(store)#events/\(sequence)"
        guard let id, let messageID, let timestamp, let data else { return .failure(.corruptRecord(path: place, detail: "a column is NULL")) }
        guard let type = type.flatMap(MessageEventType.init(rawValue:)) else {
            return .failure(.corruptRecord(path: place, detail: "unknown event type \(type ?? "NULL")"))
        }
        let status: MessageStatus
        do {
            status = try JSONDecoder().decode(MessageStatus.self, from: Data(data.utf8))
        } catch {
            return .failure(.corruptRecord(path: place, detail: "data does not decode: \(error)"))
        }
        return .success(MessageEvent(
            sequence: sequence, id: id, messageID: messageID, type: type, timestamp: Date(timeIntervalSinceReferenceDate: timestamp), data: status))
    }
}
