import Foundation
import Messages

/// Durable storage of spooled messages: the small contract the worker and the API use, so the embedded
/// store (`SQLiteSpoolStore`) and a shared one (PostgreSQL) are interchangeable.
///
/// Every mutating call is atomic and durable when it returns. Implementations are safe to call from
/// several threads and, for shared stores, from several processes.
public protocol SpoolStore: EventStore {
    /// Stores a message, applying the key rules of README "API" (`message.key`), unless the key says it is a
    /// replay, a replacement or a conflict. `fingerprint` identifies the request body for that comparison.
    /// Throws `full` instead of storing a new message when the store already holds its capacity of
    /// unfinished messages (a replay, conflict or replacement adds none, so it is never refused). The
    /// count behind that check must be cheap (no scan per enqueue) and may be approximate across processes.
    func enqueue(_ message: ComposedMessage, sendAt: Date?, fingerprint: String, now: Date) throws(SpoolError) -> EnqueueResult

    /// Stores several messages as `enqueue` stores each, in order, and returns one result per request:
    /// one refused does not stop the others. A store that can makes them durable together (the SQLite
    /// store: one transaction, one fsync for up to 512 of them); every accepted one is durable when
    /// this returns.
    func enqueue(_ batch: [EnqueueRequest], now: Date) -> [Result<EnqueueResult, SpoolError>]

    func find(id: String) throws(SpoolError) -> SpoolRecord?
    func find(key: String) throws(SpoolError) -> SpoolRecord?

    /// One page of the messages matching `query`, newest first, through indexes only (README "API",
    /// `GET /v1/messages`). A message replaced under its key still matches that key.
    func messages(matching query: MessageQuery) throws(SpoolError) -> MessagePage

    /// Cancels a message that has not been handed to the transport.
    func cancel(id: String, now: Date) throws(SpoolError) -> CancelResult

    /// Queues a `failed` or `unknown` message again, due `now`, keeping its attempts and last error (an
    /// operator's "resubmit"); `conflict` from any other state. An `unknown` one keeps "may have been
    /// delivered", so a transport that can tell (the outbox) still delivers it once.
    func retry(id: String, now: Date) throws(SpoolError) -> RetryResult

    /// Moves up to `limit` due messages (`queued`, `scheduled` past `sendAt`, `retrying` past its time)
    /// to `sending`, counting an attempt, and returns them. Each message is claimed by one worker only.
    func claimDue(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord]

    /// Records the outcome of a claimed message; `notSending` if it is not claimed. `attempt` is the
    /// claim's (its record's `attempts` as `claimDue`, `claimExpired` or `beginWorking` returned it):
    /// the outcome of a claim the message has since outlived, claimed again for a later attempt, is
    /// refused `claimSuperseded`, so a write that lands late never settles another attempt.
    @discardableResult
    func complete(id: String, attempt: Int, with update: OutcomeUpdate, now: Date) throws(SpoolError) -> SpoolRecord

    /// Records several outcomes as `complete` records each, one result per item, in order; a store that
    /// can makes them durable together (SQLite: one transaction).
    func complete(_ outcomes: [(id: String, attempt: Int, update: OutcomeUpdate)], now: Date) -> [Result<SpoolRecord, SpoolError>]

    /// Makes the caller a worker of this store and returns the messages a dead worker left in
    /// `sending`, for the caller to resolve with `complete`. The embedded store has one worker per file
    /// (a second throws `workerAlreadyRunning`); a shared store has many, each recovering what an
    /// expired lease left (`claimExpired`). `wake` is called when another process enqueued (PostgreSQL's
    /// `LISTEN/NOTIFY`); a store that cannot tell never calls it, and the worker polls.
    func beginWorking(wake: @escaping @Sendable () -> Void) throws(SpoolError) -> [SpoolRecord]
    /// Gives the worker role up.
    func endWorking()

    /// How long a claim lasts without renewal on a store several workers share; nil when one worker
    /// holds the whole store (its claims last until it stops or dies, and the next `beginWorking`
    /// recovers them).
    var leaseDuration: TimeInterval? { get }
    /// Extends, to `now` plus `leaseDuration`, the leases of the messages this store claimed and has
    /// not completed.
    func renewLeases(now: Date) throws(SpoolError)
    /// Takes over up to `limit` messages whose lease expired before `now` (their worker died), to be
    /// resolved with `complete` as `beginWorking`'s are.
    func claimExpired(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord]

    /// The earliest time an unfinished, not-sending message becomes due; nil when there is none.
    func nextDueDate() throws(SpoolError) -> Date?

    /// Messages not finished yet (queued, scheduled, retrying, sending): the spool's depth.
    func unfinishedCount() throws(SpoolError) -> Int

    /// The number of messages in each state (for metrics).
    func counts() throws(SpoolError) -> [DeliveryState: Int]

    /// Deletes finished messages that finished before `cutoff`; returns how many.
    func purgeFinished(before cutoff: Date) throws(SpoolError) -> Int
}

extension SpoolStore {
    /// One `enqueue` after another, for a store with no cheaper way to store several.
    public func enqueue(_ batch: [EnqueueRequest], now: Date) -> [Result<EnqueueResult, SpoolError>] {
        batch.map { request in
            Result { () throws(SpoolError) in try enqueue(request.message, sendAt: request.sendAt, fingerprint: request.fingerprint, now: now) }
        }
    }
}

extension SpoolStore {
    /// One `complete` after another, for a store with no cheaper way to record several.
    public func complete(_ outcomes: [(id: String, attempt: Int, update: OutcomeUpdate)], now: Date) -> [Result<SpoolRecord, SpoolError>] {
        outcomes.map { outcome in
            Result { () throws(SpoolError) in try complete(id: outcome.id, attempt: outcome.attempt, with: outcome.update, now: now) }
        }
    }
}

/// A store with one worker has no leases: its claims are recovered by the next `beginWorking`.
extension SpoolStore {
    public var leaseDuration: TimeInterval? { nil }
    public func renewLeases(now: Date) throws(SpoolError) {}
    public func claimExpired(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord] { [] }
}
