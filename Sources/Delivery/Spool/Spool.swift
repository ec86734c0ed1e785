import Foundation
import HeraldLogging
import Messages

/// The spool as the HTTP API and the command line use it: durable enqueue with key semantics, status,
/// cancellation, counts for metrics, and the worker's start and graceful stop.
///
/// ```swift
/// let spool = try Spool(location: .standard, transport: OutboxTransport(path: "./var/outbox.jsonl"), log: log)
/// try spool.start()
/// let result = try spool.enqueue(composed, sendAt: request.sendAt?.date, fingerprint: RequestFingerprint.of(request))
/// // result.disposition: .created (202) · .replayed (200) · .replaced (202) · .conflict (409);
/// // throws SpoolError.full(capacity:) (503) when HERALD_SPOOL_CAPACITY messages are unfinished
/// spool.stop(drainTimeout: 30)
/// ```
public final class Spool: Sendable {
    /// `HERALD_SPOOL_CAPACITY` when unset: unfinished messages the spool holds before refusing more.
    public static let defaultCapacity = 100_000

    public let store: any SpoolStore
    public let worker: DeliveryWorker
    /// Sends the store's events to the webhook endpoints, when there are any (`HERALD_WEBHOOK_URL`).
    public let webhooks: WebhookDispatcher?

    /// `webhooks` starts and stops with the worker; the store must queue deliveries for its
    /// endpoints (`webhooks.subscriptions`).
    public init(
        store: any SpoolStore, transport: any Transport, options: WorkerOptions = WorkerOptions(), log: HeraldLog,
        onAttempt: AttemptObserver? = nil, webhooks: WebhookOptions? = nil
    ) {
        self.store = store
        self.worker = DeliveryWorker(store: store, transport: transport, options: options, log: log, onAttempt: onAttempt)
        self.webhooks = webhooks.map { WebhookDispatcher(store: store, options: $0, log: log) }
    }

    /// A spool in the store at `location` (`HERALD_STORE`) holding at most `capacity` unfinished messages
    /// (`HERALD_SPOOL_CAPACITY`).
    public convenience init(
        location: StoreLocation, transport: any Transport, capacity: Int = Spool.defaultCapacity, options: WorkerOptions = WorkerOptions(),
        log: HeraldLog, onAttempt: AttemptObserver? = nil, webhooks: WebhookOptions? = nil
    ) throws(SpoolError) {
        let store = try location.open(capacity: capacity, leaseDuration: options.leaseDuration, subscriptions: webhooks?.subscriptions ?? .none)
        self.init(store: store, transport: transport, options: options, log: log, onAttempt: onAttempt, webhooks: webhooks)
    }

    /// Stores `message` durably (it is on disk when this returns) for delivery at `sendAt` (nil: now).
    /// `message.key` and `fingerprint` apply README "API": see `EnqueueDisposition`. Throws `full` when the
    /// store already holds its capacity of unfinished messages; a replay (same key, same request) still
    /// answers, and a replacement is allowed, since neither adds to the spool.
    public func enqueue(_ message: ComposedMessage, sendAt: Date? = nil, fingerprint: String) throws(SpoolError) -> EnqueueResult {
        let result = try store.enqueue(message, sendAt: sendAt, fingerprint: fingerprint, now: Date())
        if result.disposition != .replayed, result.disposition != .conflict { worker.wake() }
        return result
    }

    /// Stores a batch's messages (durable together where the store can), one result per request, in order.
    public func enqueue(_ batch: [EnqueueRequest]) -> [Result<EnqueueResult, SpoolError>] {
        let results = store.enqueue(batch, now: Date())
        let stored = results.contains { result in
            guard case .success(let enqueued) = result else { return false }
            return enqueued.disposition != .replayed && enqueued.disposition != .conflict
        }
        if stored { worker.wake() }
        return results
    }

    /// The status of the message first accepted for this exact request (same `key`, same
    /// `fingerprint`), if any: a retry is answered from the spool before the request is validated
    /// again, because checks that depend on the time (an expired link, a past debit day) may no
    /// longer pass although the message was accepted.
    public func replay(key: String, fingerprint: String) throws(SpoolError) -> MessageStatus? {
        guard let record = try store.find(key: key), record.fingerprint == fingerprint else { return nil }
        return record.status
    }

    /// The message's status, or nil when no message has that id (or it was removed after retention).
    public func status(id: String) throws(SpoolError) -> MessageStatus? {
        try store.find(id: id)?.status
    }

    /// Everything the spool keeps about the message (the composed message with its `eml`), or nil.
    public func record(id: String) throws(SpoolError) -> SpoolRecord? {
        try store.find(id: id)
    }

    /// The message that holds `key` now (a replaced one gives its key up), or nil.
    public func record(key: String) throws(SpoolError) -> SpoolRecord? {
        try store.find(key: key)
    }

    /// One page of the messages matching `query`, newest first (`GET /v1/messages`).
    public func messages(matching query: MessageQuery) throws(SpoolError) -> MessagePage {
        try store.messages(matching: query)
    }

    /// Cancels a message that has not been handed to the transport.
    public func cancel(id: String) throws(SpoolError) -> CancelResult {
        try store.cancel(id: id, now: Date())
    }

    /// Queues a `failed` or `unknown` message again for a new attempt now (see `SpoolStore.retry`).
    public func retry(id: String) throws(SpoolError) -> RetryResult {
        let result = try store.retry(id: id, now: Date())
        if case .retried = result { worker.wake() }
        return result
    }

    /// The message's events (its timeline), oldest first.
    public func events(messageID: String) throws(SpoolError) -> [MessageEvent] {
        try store.events(messageID: messageID)
    }

    /// Up to `limit` events after the one with sequence `after`, oldest first (`GET /v1/events`).
    public func events(after sequence: Int64, limit: Int) throws(SpoolError) -> [MessageEvent] {
        try store.events(after: sequence, limit: limit)
    }

    public func event(id: String) throws(SpoolError) -> MessageEvent? {
        try store.event(id: id)
    }

    /// Queues the event again for every webhook endpoint; nil when there is no such event.
    public func replay(eventID: String) throws(SpoolError) -> MessageEvent? {
        try store.replay(eventID: eventID, now: Date())
    }

    /// Webhook deliveries still to be made and given up, for `/metrics`.
    public func webhookDeliveryCounts() throws(SpoolError) -> (pending: Int, abandoned: Int) {
        try store.webhookDeliveryCounts()
    }

    /// Messages per state (every state present, zeros included), for `/metrics`.
    public func counts() throws(SpoolError) -> [DeliveryState: Int] {
        try store.counts()
    }

    /// Messages not finished yet (queued, scheduled, retrying, sending), for `herald_spool_depth`.
    public func depth() throws(SpoolError) -> Int {
        try store.unfinishedCount()
    }

    /// Starts delivering mail (recovering what a killed process left `sending`), and webhooks. Throws
    /// `workerAlreadyRunning` when another process delivers from this SQLite spool; a PostgreSQL
    /// spool takes any number of workers.
    public func start() throws(SpoolError) {
        try worker.start()
        webhooks?.start()
    }

    /// Stops taking new work and waits up to `drainTimeout` for messages in flight; true when drained.
    @discardableResult
    public func stop(drainTimeout: TimeInterval = 30) -> Bool {
        let drained = worker.stop(drainTimeout: drainTimeout)
        webhooks?.stop(timeout: min(drainTimeout, 5))
        return drained
    }

    /// Polls until the message is finished (or `timeout` passes); returns its last status.
    public func waitUntilFinished(id: String, timeout: TimeInterval, poll: TimeInterval = 0.05) throws(SpoolError) -> MessageStatus? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let status = try self.status(id: id)
            guard let status, !status.status.isFinished, Date() < deadline else { return status }
            Thread.sleep(forTimeInterval: poll)
        }
    }

    /// Polls until no message is unfinished (queued, scheduled, retrying, sending), `timeout` passes or
    /// `shouldStop` says so; returns true when the spool is idle.
    public func waitUntilIdle(timeout: TimeInterval, poll: TimeInterval = 0.1, shouldStop: () -> Bool = { false }) throws(SpoolError) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, !shouldStop() {
            if try store.unfinishedCount() == 0 { return true }
            Thread.sleep(forTimeInterval: poll)
        }
        return false
    }
}

/// What `cancel(id:)` did.
public enum CancelResult: Sendable, Hashable {
    /// It had not been handed to the transport; it is now `cancelled` (HTTP `200`).
    case cancelled(MessageStatus)
    /// Too late: it is being sent or is finished (`sent`, `failed`, …); nothing changed (HTTP `409`).
    case conflict(MessageStatus)
    /// No message with that id (HTTP `404`).
    case notFound
}
