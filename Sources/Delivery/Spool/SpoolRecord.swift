import Foundation
import Messages

/// Everything the spool keeps about one message: the composed message and its delivery history.
public struct SpoolRecord: Codable, Sendable, Hashable {
    public var message: ComposedMessage
    public var state: DeliveryState
    /// Delivery attempts made so far (a claim counts as one).
    public var attempts: Int
    public var lastError: String?
    /// Identifies the request that created it, so a replay with the same key can be told from a change.
    public var fingerprint: String
    public var createdAt: Date
    /// The time the caller asked for, if any.
    public var sendAt: Date?
    /// When the worker may next take it (sendAt, or the time of the next retry).
    public var dueAt: Date
    public var deliveredAt: Date?
    /// When it reached a finished state; retention counts from here.
    public var finishedAt: Date?
    /// True once an attempt may have reached the destination (unknown outcome or interrupted by a crash).
    public var mayHaveBeenDelivered: Bool
    /// The id of the message that replaced this one (same key, other body, while scheduled).
    public var replacedBy: String?

    public var id: String { message.id }
    public var key: String? { message.key }

    public init(message: ComposedMessage, fingerprint: String, sendAt: Date?, now: Date) {
        self.message = message
        self.fingerprint = fingerprint
        self.sendAt = sendAt
        self.createdAt = now
        self.attempts = 0
        self.mayHaveBeenDelivered = false
        if let sendAt, sendAt > now {
            state = .scheduled
            dueAt = sendAt
        } else {
            state = .queued
            dueAt = now
        }
    }

    /// The public view of this record (README "API", `GET /v1/messages/{id}`).
    public var status: MessageStatus {
        MessageStatus(
            id: id, message: message.message, state: state, attempts: attempts, lastError: lastError, createdAt: createdAt,
            sendAt: sendAt, dueAt: dueAt, deliveredAt: deliveredAt, key: key, replacedBy: replacedBy)
    }
}

extension MessageStatus {
    /// The public view of a stored message from its delivery fields, so a search builds it from its
    /// columns without decoding the message: the next attempt shows while one is pending.
    init(
        id: String, message: String, state: DeliveryState, attempts: Int, lastError: String?, createdAt: Date, sendAt: Date?,
        dueAt: Date, deliveredAt: Date?, key: String?, replacedBy: String?
    ) {
        self.init(
            id: id, message: message, status: state, attempts: attempts, lastError: lastError, createdAt: createdAt,
            sendAt: sendAt, deliveredAt: deliveredAt, key: key,
            nextAttemptAt: state == .retrying || state == .scheduled || state == .queued ? dueAt : nil, replacedBy: replacedBy)
    }
}

extension SpoolRecord {
    /// Cancels a record not yet handed to the transport (`queued`, `scheduled`, `retrying`); false,
    /// and nothing changed, from any other state. The rule of `SpoolStore.cancel`, for every store.
    mutating func cancel(now: Date) -> Bool {
        guard state == .queued || state == .scheduled || state == .retrying else { return false }
        state = .cancelled
        finishedAt = now
        return true
    }

    /// Queues a `failed` or `unknown` record again, due `now`, its attempts, last error and "may have
    /// been delivered" kept; false, and nothing changed, from any other state. The rule of
    /// `SpoolStore.retry`, for every store.
    mutating func retry(now: Date) -> Bool {
        guard state == .failed || state == .unknown else { return false }
        state = .queued
        dueAt = now
        finishedAt = nil
        return true
    }

    /// The record as a replacement leaves it: `cancelled`, pointing at the message that replaced it
    /// (the rule of `enqueue`'s key replacement, for every store).
    func replaced(by id: String, now: Date) -> SpoolRecord {
        var replaced = self
        replaced.state = .cancelled
        replaced.finishedAt = now
        replaced.replacedBy = id
        replaced.lastError = "replaced by \(id) (same key, different request)"
        return replaced
    }

    /// Moves a `sending` record to the state a worker's outcome decides.
    mutating func apply(_ update: OutcomeUpdate, now: Date) {
        switch update {
        case .sent:
            state = .sent
            deliveredAt = now
            finishedAt = now
        case .retry(let at, let error, let mayHaveBeenDelivered):
            state = .retrying
            dueAt = at
            lastError = error
            self.mayHaveBeenDelivered = self.mayHaveBeenDelivered || mayHaveBeenDelivered
        case .failed(let error):
            state = .failed
            lastError = error
            finishedAt = now
        case .unknown(let error):
            state = .unknown
            lastError = error
            mayHaveBeenDelivered = true
            finishedAt = now
        case .released:
            attempts = max(0, attempts - 1)
            state = attempts == 0 ? .queued : .retrying
            dueAt = now
        }
    }
}

extension SpoolRecord {
    /// The columns both stores read a record from, in this order.
    static let columns = """
        id, state, attempts, last_error, fingerprint, created_at, send_at, due_at, delivered_at, finished_at,
        may_have_been_delivered, replaced_by, message
        """

    /// Ids become `Message-ID` headers, log fields and URL path segments: letters, digits, `.`, `_`, `-`,
    /// at most 128 bytes, not starting with `.`.
    static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128, !id.hasPrefix(".") else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
