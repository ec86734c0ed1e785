import Foundation
import HeraldLogging
import Locking

/// Delivers the store's queued webhook deliveries: one thread per endpoint, never the mail worker's,
/// so a slow or dead endpoint delays only its own events and never a message.
///
/// Each delivery is claimed as a lease (`EventStore.claimWebhookDeliveries`) and POSTed as Standard
/// Webhooks say: `webhook-id` (the event id, the same on every retry), `webhook-timestamp` (this
/// attempt's, in seconds) and `webhook-signature` (`v1,` and the HMAC-SHA256 of `id.timestamp.body`).
/// A `2xx` is delivered; anything else, or no answer within the timeout, is tried again on the
/// schedule until it is given up. All state is in the store, so a restart or a `SIGKILL` loses
/// nothing: a claim its process did not finish is due again when its lease ends.
public final class WebhookDispatcher: Sendable {
    private let store: any EventStore
    private let options: WebhookOptions
    private let log: HeraldLog
    private let run = Locked(RunState())
    /// Wakes `stop` as each endpoint's thread ends, and the threads' sleeps at stop.
    private let signal = NSCondition()

    private struct RunState {
        enum Phase {
            case idle, running, stopping
        }

        var phase = Phase.idle
        /// One thread per endpoint: `stop` waits for them.
        var threadsAlive = 0
    }

    /// `log` is the caller's; bodies and the secret never reach it.
    public init(store: any EventStore, options: WebhookOptions, log: HeraldLog) {
        self.store = store
        self.options = options
        self.log = log
    }

    /// Starts one thread per endpoint; a second call does nothing.
    public func start() {
        let started = run.withLock { state in
            guard state.phase == .idle else { return false }
            state.phase = .running
            state.threadsAlive = options.endpoints.count
            return true
        }
        guard started else { return }
        for (number, endpoint) in options.endpoints.enumerated() {
            let thread = Thread { [self] in
                deliver(to: endpoint)
                signal.broadcast { run.withLock { $0.threadsAlive -= 1 } }
            }
            thread.name = "herald-webhook-\(number + 1)"
            thread.start()
        }
    }

    /// Stops claiming and waits up to `timeout` for requests in flight; true when every thread ended.
    /// A request still running is recorded by whichever dispatcher claims it after its lease.
    @discardableResult
    public func stop(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        signal.lock()
        defer { signal.unlock() }
        run.withLock { state in if state.phase == .running { state.phase = .stopping } }
        signal.broadcast()
        while run.withLock({ $0.threadsAlive }) > 0 {
            if !signal.wait(until: deadline) { break }
        }
        return run.withLock { state in
            guard state.threadsAlive == 0 else { return false }
            state.phase = .idle
            return true
        }
    }

    private var isStopping: Bool { run.withLock { $0.phase == .stopping } }

    /// Sleeps until `date`, or less if the dispatcher is asked to stop.
    private func pause(until date: Date) {
        signal.lock()
        defer { signal.unlock() }
        while !isStopping, Date() < date {
            if !signal.wait(until: date) { break }
        }
    }

    /// One endpoint's loop: claim one due delivery, attempt it, record the outcome; idle, poll.
    private func deliver(to endpoint: String) {
        let shown = WebhookOptions.redacted(endpoint)
        guard let client = WebhookHTTPClient(connectTimeout: options.connectTimeout, timeout: options.timeout) else {
            log.error("webhook_client_failed", ["endpoint": .string(shown), "error": "libcurl could not make a handle"])
            return
        }
        while !isStopping {
            let claimed: [WebhookDelivery]
            do {
                claimed = try store.claimWebhookDeliveries(endpoint: endpoint, limit: 1, now: Date(), lease: options.lease)
            } catch {
                log.error("webhook_spool_error", ["endpoint": .string(shown), "error": .string(error.description)])
                pause(until: Date().addingTimeInterval(max(options.idlePoll, 1)))
                continue
            }
            guard let delivery = claimed.first else {
                pause(until: Date().addingTimeInterval(options.idlePoll))
                continue
            }
            let outcome = attempt(delivery, with: client)
            record(outcome, of: delivery, shown: shown)
        }
    }

    /// POSTs the event once and decides what comes next.
    private func attempt(_ delivery: WebhookDelivery, with client: WebhookHTTPClient) -> WebhookDeliveryOutcome {
        let event = delivery.event
        let body = event.webhookBody
        let timestamp = Int(Date().timeIntervalSince1970)
        guard let signature = options.secret.signature(id: event.id, timestamp: timestamp, body: body) else {
            return next(after: delivery, error: "could not sign (libcrypto failed)")
        }
        let answer = client.post(
            delivery.endpoint, headers: [("webhook-id", event.id), ("webhook-timestamp", String(timestamp)), ("webhook-signature", signature)],
            body: body)
        switch answer {
        case .status(let status) where (200...299).contains(status): return .delivered
        case .status(let status): return next(after: delivery, error: "HTTP \(status)")
        case .failed(let error): return next(after: delivery, error: error)
        }
    }

    private func next(after delivery: WebhookDelivery, error: String) -> WebhookDeliveryOutcome {
        guard let at = options.retry.nextAttempt(after: delivery.attempt, eventTime: delivery.event.timestamp, now: Date()) else {
            return .abandoned(error: error)
        }
        return .retry(at: at, error: error)
    }

    /// Stores the outcome (retrying the write briefly: losing it would only send the event again) and logs it.
    private func record(_ outcome: WebhookDeliveryOutcome, of delivery: WebhookDelivery, shown: String) {
        var fields: HeraldLog.Fields = [
            "endpoint": .string(shown), "event": .string(delivery.event.id), "type": .string(delivery.event.type.rawValue),
            "id": .string(delivery.event.messageID), "attempt": .int(delivery.attempt),
        ]
        for attempt in 1...3 {
            do {
                guard try store.finish(delivery, with: outcome, now: Date()) else {
                    log.warning("webhook_claim_expired", fields)
                    return
                }
                break
            } catch {
                var failed = fields
                failed.append("error", .string(error.description))
                log.error("webhook_spool_error", failed)
                guard attempt < 3 else { return }
                pause(until: Date().addingTimeInterval(1))
            }
        }
        switch outcome {
        case .delivered:
            log.info("webhook_delivered", fields)
        case .retry(let at, let error):
            fields.append("error", .string(error))
            fields.append("nextAttemptAt", .string(RFC3339.format(at)))
            log.warning("webhook_retrying", fields)
        case .abandoned(let error):
            fields.append("error", .string(error))
            log.error("webhook_given_up", fields)
        }
    }
}
