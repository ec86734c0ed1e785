import Foundation
import HeraldLogging
import Locking

/// Records the worker's delivery outcomes on a thread of its own.
///
/// A delivery thread hands its outcomes in and goes on to its next message while they are written:
/// one message's outcome transaction (and its fsync) overlaps the next message's SMTP transaction, and
/// the outcomes that arrive while one transaction is being written share the next one. The message
/// stays `sending` until its outcome is written, so a crash in between is resolved by the next start
/// exactly as a crash during the attempt would be.
///
/// Outcomes gather for up to `gatherDelay` (5 ms by default) before a transaction starts: the
/// delivery threads hand them in one at a time, and a writer that committed whatever had arrived
/// wrote batches of about ten under load, each rewriting the same index and counter pages into the
/// log and paying its own fsync.
/// A message stays `sending` that much longer, which nobody waits on.
///
/// A write that fails retryably (a full disk, a database that went away) is retried, the pause growing
/// to 5 s, until it lands or the worker stops. While `capacity` outcomes wait, the delivery threads
/// wait too: a store that cannot be written stops new attempts instead of piling up messages
/// delivered but not recorded.
final class OutcomeWriter: Sendable {
    /// One attempt's outcome and the state change it makes; only what the write and its log line need.
    struct Entry: Sendable {
        let id: String
        let kind: String
        let attempt: Int
        let outcome: DeliveryOutcome
        let update: OutcomeUpdate
    }

    private struct State {
        var pending: [Entry] = []
        /// When the oldest of `pending` was handed in.
        var oldestPendingSince = Date.distantPast
        /// Entries the writer took and has not finished with.
        var writing = 0
        /// No entry will come any more: the writer ends once everything is written.
        var producersDone = false
        /// The worker is stopping: producers no longer wait for room.
        var draining = false
        /// The worker's stop gave up waiting: the writer ends after its current write.
        var abandoned = false
        var ended = false
    }

    private let state = Locked(State())
    private let signal = NSCondition()
    private let store: any SpoolStore
    private let log: HeraldLog
    /// The longest an outcome waits for others to share its transaction.
    private let gatherDelay: TimeInterval

    /// The most outcomes waiting before `submit` waits as well.
    static let capacity = 1_024
    /// The most outcomes one transaction records.
    static let batchLimit = 512

    init(store: any SpoolStore, log: HeraldLog, gatherDelay: TimeInterval = 0.005) {
        self.store = store
        self.log = log
        self.gatherDelay = gatherDelay
    }

    /// Starts the writing thread.
    func start() {
        let thread = Thread { [self] in write() }
        thread.name = "herald-outcomes"
        thread.start()
    }

    /// Hands outcomes in, in order; returns at once unless `capacity` outcomes already wait, then once
    /// the writer has caught up (or the worker stops).
    func submit(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        signal.lock()
        defer { signal.unlock() }
        let wakeWriter = state.withLock { state in
            if state.pending.isEmpty { state.oldestPendingSince = Date() }
            state.pending += entries
            return state.pending.count == entries.count || state.pending.count >= Self.batchLimit
        }
        if wakeWriter { signal.broadcast() }
        while state.withLock({ $0.pending.count + $0.writing > Self.capacity && !$0.draining && !$0.ended }) {
            signal.wait()
        }
    }

    /// Says no more outcomes come and waits up to `deadline` for the waiting ones to be written. True
    /// when all were; false leaves the rest `sending`, for the next start to resolve.
    func finish(before deadline: Date) -> Bool {
        signal.lock()
        defer { signal.unlock() }
        state.withLock { $0.producersDone = true }
        signal.broadcast()
        while !state.withLock({ $0.ended }) {
            if !signal.wait(until: deadline) { break }
        }
        let ended = state.withLock { state in
            if state.ended { return true }
            state.abandoned = true
            return false
        }
        if !ended { signal.broadcast() }  // ends a retry pause now, as `pause` promises
        return ended
    }

    /// The worker is stopping: producers waiting for room go on (each still hands its outcome in).
    func stopWaitingForRoom() {
        signal.broadcast { state.withLock { $0.draining = true } }
    }

    private func write() {
        var failedRounds = 0
        while let batch = nextBatch() {
            let results = store.complete(batch.map { (id: $0.id, attempt: $0.attempt, update: $0.update) }, now: Date())
            var failed: [Entry] = []
            var firstFailure: SpoolError?
            for (entry, result) in zip(batch, results) {
                switch result {
                case .success(let next):
                    var fields: HeraldLog.Fields = [
                        "id": .string(entry.id), "message": .string(entry.kind), "status": .string(next.state.rawValue),
                        "attempt": .int(entry.attempt),
                    ]
                    if let error = entry.outcome.error { fields.append("error", .string(error)) }
                    log.log(entry.outcome == .accepted ? .info : .warning, "delivery", fields)
                case .failure(let error) where error.isRetryableWrite:
                    failed.append(entry)
                    firstFailure = firstFailure ?? error
                case .failure(let error):
                    log.error("spool_error", ["id": .string(entry.id), "error": .string(error.description)])
                }
            }
            signal.broadcast {
                state.withLock { state in
                    if state.pending.isEmpty { state.oldestPendingSince = Date() }
                    state.pending.insert(contentsOf: failed, at: 0)
                    state.writing = 0
                }
            }
            failedRounds = failed.isEmpty ? 0 : failedRounds + 1
            if let first = failed.first, let firstFailure {
                log.warning("spool_retry", [
                    "id": .string(first.id), "count": .int(failed.count), "attempt": .int(failedRounds),
                    "error": .string(firstFailure.description),
                ])
                pause(Self.retryPause(round: failedRounds))
            }
        }
        signal.broadcast { state.withLock { $0.ended = true } }
    }

    /// The next outcomes to write, waiting for some; nil when the writer should end.
    private func nextBatch() -> [Entry]? {
        signal.lock()
        defer { signal.unlock() }
        while true {
            let now = Date()
            let next = state.withLock { state -> Gathered in
                if state.abandoned || (state.pending.isEmpty && state.producersDone) { return .end }
                guard !state.pending.isEmpty else { return .waitForFirst }
                // Bounded by now + the delay too, so a clock stepped back never stretches the wait.
                let gatheredUntil = min(state.oldestPendingSince, now).addingTimeInterval(gatherDelay)
                if state.pending.count < Self.batchLimit, !state.producersDone, !state.draining, now < gatheredUntil {
                    return .gatherUntil(gatheredUntil)
                }
                let batch = Array(state.pending.prefix(Self.batchLimit))
                state.pending.removeFirst(batch.count)
                state.writing = batch.count
                return .batch(batch)
            }
            switch next {
            case .end: return nil
            case .batch(let batch): return batch
            case .waitForFirst: signal.wait()
            case .gatherUntil(let date): _ = signal.wait(until: date)
            }
        }
    }

    private enum Gathered {
        case end
        case batch([Entry])
        case waitForFirst
        case gatherUntil(Date)
    }

    /// 0.1 s after the first failed round, doubling to 5 s.
    static func retryPause(round: Int) -> TimeInterval {
        min(5, 0.1 * pow(2, Double(min(max(round - 1, 0), 6))))
    }

    /// Sleeps `seconds`, or less if the worker's stop gives up meanwhile.
    private func pause(_ seconds: TimeInterval) {
        let until = Date().addingTimeInterval(seconds)
        signal.lock()
        defer { signal.unlock() }
        while !state.withLock({ $0.abandoned }), Date() < until {
            if !signal.wait(until: until) { break }
        }
    }
}
