import Delivery
import Foundation
import Messages

/// The one way a send request becomes a stored message, whatever it came through: `POST /v1/messages`,
/// `herald send`, and, item by item, a batch. In order:
///
/// 1. the envelope is read once (`SendRequest.envelope`) from the body the strict JSON reader parsed;
/// 2. a keyed retry of an accepted request is answered from the spool before anything is checked
///    again (README "Spool semantics": a check that depends on the time may no longer pass);
/// 3. the catalog decodes the context once, adds its problems to the envelope's, renders and composes;
/// 4. the spool stores the message durably, applying the key's semantics.
///
/// The answer is one `SubmissionResult`; nothing here knows about HTTP statuses or exit codes.
public struct MessageSubmission: Sendable {
    /// Validates, renders and composes (templates, brand, sender).
    public let catalog: MessageCatalog
    /// Where messages are stored and earlier messages with the same key are found.
    public let spool: Spool

    public init(catalog: MessageCatalog, spool: Spool) {
        (self.catalog, self.spool) = (catalog, spool)
    }

    /// Submits one send request (README "API"), as read by `JSONValue(parsing:)`.
    public func submit(_ json: JSONValue, now: Date = Date()) -> SubmissionResult {
        switch prepare(json, now: now) {
        case .answered(let result):
            return result
        case .composed(let composed):
            do {
                return composed.result(of: try spool.enqueue(composed.request.message, sendAt: composed.request.sendAt, fingerprint: composed.request.fingerprint))
            } catch {
                return .spoolFailed(error, .enqueue)
            }
        }
    }

    /// Submits each request of a batch as `submit` does, one result per request in order; the composed
    /// messages are stored together (`Spool.enqueue(_:)`: one group commit), so every accepted one is
    /// durable when this returns. Requests are independent: keys apply per request, also between two
    /// requests of the same batch, in order.
    public func submit(batch: [JSONValue], now: Date = Date()) -> [SubmissionResult] {
        let prepared = batch.map { prepare($0, now: now) }
        let composed = prepared.compactMap { preparation -> Composed? in
            if case .composed(let composed) = preparation { return composed }
            return nil
        }
        var stored = spool.enqueue(composed.map(\.request)).makeIterator()
        return prepared.map { preparation in
            switch preparation {
            case .answered(let result):
                return result
            case .composed(let composed):
                switch stored.next() {
                case .success(let enqueued): return composed.result(of: enqueued)
                case .failure(let error): return .spoolFailed(error, .enqueue)
                case nil: return .spoolFailed(.invalidConfiguration("the spool returned fewer results than messages"), .enqueue)
                }
            }
        }
    }

    /// A request after steps 1–3: answered already (a replay, a refusal), or composed and ready to store.
    private enum Preparation {
        case answered(SubmissionResult)
        case composed(Composed)
    }

    /// A composed message and what its answer needs once the spool has stored it.
    private struct Composed {
        let request: EnqueueRequest
        let localeNote: String?

        func result(of enqueued: EnqueueResult) -> SubmissionResult {
            switch enqueued.disposition {
            case .created: return .created(enqueued.status, localeNote: localeNote)
            case .replaced(let previousID): return .replaced(enqueued.status, previousID: previousID, localeNote: localeNote)
            // Another process stored the same request between the replay lookup and this enqueue.
            case .replayed: return .replayed(enqueued.status)
            case .conflict: return .conflict(existing: enqueued.status)
            }
        }
    }

    private func prepare(_ json: JSONValue, now: Date) -> Preparation {
        let (request, envelopeProblems) = SendRequest.envelope(of: json)
        let fingerprint = RequestFingerprint.of(request)
        // Only a sound envelope can be the request accepted before: a refused field is left out of
        // the parsed request, which could then match another request's fingerprint.
        if let key = request.key, envelopeProblems.isEmpty {
            do {
                if let first = try spool.replay(key: key, fingerprint: fingerprint) { return .answered(.replayed(first)) }
            } catch {
                return .answered(.spoolFailed(error, .replay))
            }
        }
        let composed: MessageCatalog.Result
        do {
            composed = try catalog.compose(request, envelopeProblems: envelopeProblems, id: Self.newMessageID(), now: Self.renderTime(of: request, now: now))
        } catch {
            return .answered(.rejected(error))
        }
        let stored = EnqueueRequest(message: composed.message, sendAt: Self.scheduledTime(of: request, now: now), fingerprint: fingerprint)
        return .composed(Composed(request: stored, localeNote: composed.localeNote))
    }

    /// Steps 1 and 3 alone, storing nothing: for what shows a message instead of sending it
    /// (`POST /v1/render`, the preview pages, which load their catalog from disk per request).
    ///
    /// - Parameter recipientsRequired: false lets `to` be left out (the placeholder recipient is used).
    public static func compose(
        _ json: JSONValue, recipientsRequired: Bool = true, catalog: MessageCatalog, id: String, now: Date
    ) throws(CatalogError) -> MessageCatalog.Result {
        let (request, envelopeProblems) = SendRequest.envelope(of: json, recipientsRequired: recipientsRequired)
        return try catalog.compose(request, envelopeProblems: envelopeProblems, id: id, now: renderTime(of: request, now: now))
    }

    /// Herald's message ids, the same whatever the entry point: `msg-` and a UUID in lower case,
    /// usable as a file name and inside a `Message-ID`. Version 7 (time-ordered, 74 random bits), so
    /// the store's id indexes grow at their end (see `TimeOrderedUUID`).
    public static func newMessageID() -> String {
        "msg-" + TimeOrderedUUID.string()
    }

    /// A scheduled message is rendered as of its send time: "tomorrow" and the `Date` header are
    /// about the day it goes out, not the day it was accepted.
    private static func renderTime(of request: SendRequest, now: Date) -> Date {
        scheduledTime(of: request, now: now) ?? now
    }

    /// The time the spool holds the message until: its `sendAt` when that is still to come.
    private static func scheduledTime(of request: SendRequest, now: Date) -> Date? {
        request.sendAt.map(\.date).flatMap { $0 > now ? $0 : nil }
    }
}
