import Foundation
import HeraldLogging
import Locking

/// Delivers due messages from a store through a transport, `concurrency` at a time, on threads of its
/// own (transports block; the cooperative pool must not).
///
/// An attempt still running after `stallAfter` (a hung SMTP transaction) is set aside: a watcher starts
/// a new thread to take its place, and the stalled thread ends once its attempt does (the transport's
/// timeouts bound it). So up to `maxStalled` hung attempts never hold up the other messages.
///
/// Outcomes are written by an `OutcomeWriter` of the worker's own, so a thread goes on to its next
/// message while the last one's outcome is being made durable.
///
/// `start` takes the store's worker role and first resolves what a killed worker left in `sending`.
/// On a store several instances share (PostgreSQL) a lease thread renews the claims of the messages in
/// flight and recovers those whose instance died. `stop` lets each thread finish the message it holds,
/// then gives the role up.
public final class DeliveryWorker: Sendable {
    public let store: any SpoolStore
    public let transport: any Transport
    public let options: WorkerOptions
    private let log: HeraldLog
    private let onAttempt: AttemptObserver?
    private let policy: OutcomePolicy
    private let run = Locked(RunState())
    private let signal = NSCondition()

    private struct RunState {
        var running = false
        var stopping = false
        /// Delivery threads and the watcher: `stop` waits for all of them.
        var threadsAlive = 0
        var wakeups = 0
        var lastPurge = Date.distantPast
        var lastThreadNumber = 0
        /// The attempt each delivery thread is making, by thread number.
        var attempts: [Int: Attempt] = [:]
        /// Threads whose attempt was set aside: they end when it does.
        var setAside: Set<Int> = []
        /// Messages claimed ahead and not yet attempted, oldest due *last* (taking one is `popLast`, not
        /// a shift of all the others): the threads share them, so one claim (one transaction) serves
        /// several attempts.
        var claimedAhead: [SpoolRecord] = []
        /// This run's outcome writer.
        var writer: OutcomeWriter?
    }

    private struct Attempt {
        var messageID: String
        var startedAt: Date
    }

    /// `log` is the caller's (the worker never makes one); `onAttempt` sees every attempt's outcome (for
    /// metrics such as `herald_delivery_attempts_total`).
    public init(
        store: any SpoolStore, transport: any Transport, options: WorkerOptions = WorkerOptions(), log: HeraldLog,
        onAttempt: AttemptObserver? = nil
    ) {
        self.store = store
        self.onAttempt = onAttempt
        self.transport = transport
        self.options = options
        self.log = log
        self.policy = OutcomePolicy(retry: options.retry)
    }

    /// Becomes the store's worker, recovers interrupted messages and starts the delivery threads.
    public func start() throws(SpoolError) {
        let alreadyRunning = run.withLock { state in
            if state.running { return true }
            state.running = true
            state.stopping = false
            return false
        }
        guard !alreadyRunning else { return }
        do {
            try recover(try store.beginWorking { [weak self] in self?.wake() })
        } catch {
            store.endWorking()
            run.withLock { $0.running = false }
            throw error
        }
        let writer = OutcomeWriter(store: store, log: log)
        run.withLock { $0.writer = writer }
        writer.start()
        for _ in 0..<options.concurrency { startThread(named: "herald-delivery") { [self] number in loop(number: number, writer: writer) } }
        if options.maxStalled > 0 { startThread(named: "herald-delivery-watch") { [self] _ in watchForStalls(writer: writer) } }
        if let lease = store.leaseDuration { startThread(named: "herald-delivery-lease") { [self] _ in keepLeases(lease) } }
    }

    /// Resolves messages a dead worker left in `sending`, asking the transport what it received. One
    /// whose outcome is refused was resolved meanwhile (its own attempt's outcome landed first, or
    /// another instance took it over): it is logged and the others are still recovered. Any other
    /// failure stops the round (and a start); what it left is recovered by the next.
    private func recover(_ interrupted: [SpoolRecord]) throws(SpoolError) {
        for record in interrupted {
            let update = policy.recovery(of: record, prior: transport.priorDelivery(of: record.message), now: Date())
            let next: SpoolRecord
            do {
                next = try store.complete(id: record.id, attempt: record.attempts, with: update, now: Date())
            } catch let error where error.isRefusal {
                log.warning("recovery_refused", ["id": .string(record.id), "error": .string(error.description)])
                continue
            }
            var fields: HeraldLog.Fields = ["id": .string(record.id), "status": .string(next.state.rawValue)]
            if let error = next.lastError { fields.append("error", .string(error)) }
            log.info("recovered", fields)
        }
    }

    /// On a shared store: renews this worker's leases three times per `lease`, and takes over (and
    /// recovers) messages whose lease expired because their instance died.
    private func keepLeases(_ lease: TimeInterval) {
        while !isStopping {
            sleep(until: Date().addingTimeInterval(lease / 3))
            guard !isStopping else { return }
            do {
                try store.renewLeases(now: Date())
                try recover(try store.claimExpired(limit: 100, now: Date()))
            } catch {
                log.error("spool_error", ["error": .string(error.description)])
            }
        }
    }

    /// Runs `body` on a new thread counted in `threadsAlive`; `body` gets the thread's number.
    private func startThread(named name: String, _ body: @escaping @Sendable (Int) -> Void) {
        let number = run.withLock { state in
            state.threadsAlive += 1
            state.lastThreadNumber += 1
            return state.lastThreadNumber
        }
        let thread = Thread { [self] in
            body(number)
            signal.broadcast { run.withLock { $0.threadsAlive -= 1 } }
        }
        thread.name = "\(name)-\(number)"
        thread.start()
    }

    /// Asks new work to stop and waits up to `drainTimeout` for messages in flight. Returns true when
    /// every thread finished (the worker role is then released); false leaves in-flight messages in
    /// `sending`, for the next start to recover.
    @discardableResult
    public func stop(drainTimeout: TimeInterval = 30) -> Bool {
        let deadline = Date().addingTimeInterval(drainTimeout)
        signal.lock()
        let (wasRunning, writer) = run.withLock { state in
            state.stopping = true
            return (state.running, state.writer)
        }
        signal.broadcast()
        guard wasRunning else {
            signal.unlock()
            return true
        }
        writer?.stopWaitingForRoom()
        while run.withLock({ $0.threadsAlive }) > 0 {
            if !signal.wait(until: deadline) { break }
        }
        let threadsEnded = run.withLock { $0.threadsAlive == 0 }
        signal.unlock()
        let outcomesWritten = writer?.finish(before: deadline) ?? true
        let drained = threadsEnded && outcomesWritten
        if drained {
            store.endWorking()
            run.withLock { $0.running = false }
        }
        return drained
    }

    /// Tells idle threads to look again now (a message was just enqueued).
    public func wake() {
        signal.broadcast { run.withLock { $0.wakeups &+= 1 } }  // only compared for change: wrapping is harmless
    }

    /// Whether `stop` was asked: no new attempt starts, the ones in flight finish.
    public var isStopping: Bool { run.withLock { $0.stopping } }

    /// The next message to attempt: one claimed ahead, or the first of a new claim of up to eight per
    /// thread (the rest are left for the other threads).
    private func nextClaimed() throws(SpoolError) -> SpoolRecord? {
        if let ahead = run.withLock({ state in state.claimedAhead.popLast() }) { return ahead }
        var claimed = try store.claimDue(limit: 8 * options.concurrency, now: Date())
        guard !claimed.isEmpty else { return nil }
        let first = claimed.removeFirst()
        if !claimed.isEmpty {
            run.withLock { $0.claimedAhead.insert(contentsOf: claimed.reversed(), at: 0) }
            wake()
        }
        return first
    }

    /// Gives the messages claimed ahead back to the queue when the worker stops before attempting them.
    private func releaseClaimedAhead() {
        let unattempted = run.withLock { state in
            defer { state.claimedAhead = [] }
            return state.claimedAhead
        }
        for record in unattempted {
            do {
                try store.complete(id: record.id, attempt: record.attempts, with: .released, now: Date())
            } catch {
                // Left `sending`: the next start resolves it as it resolves a killed worker's messages.
                log.error("spool_error", ["id": .string(record.id), "error": .string(error.description)])
            }
        }
    }

    private func loop(number: Int, writer: OutcomeWriter) {
        var failures = 0
        defer { if isStopping { releaseClaimedAhead() } }
        while !isStopping {
            do {
                let claimed = try transport.deliversInBatches ? store.claimDue(limit: Self.batchSize, now: Date()) : nextClaimed().map { [$0] } ?? []
                if let first = claimed.first {
                    run.withLock { $0.attempts[number] = Attempt(messageID: first.id, startedAt: Date()) }
                    deliver(claimed, to: writer)
                    let wasSetAside = run.withLock { state in
                        state.attempts[number] = nil
                        return state.setAside.remove(number) != nil
                    }
                    if wasSetAside { return }  // another thread took this one's place while it was stalled
                    failures = 0
                    continue
                }
                try purgeIfDue()
                idle(until: try store.nextDueDate())
                failures = 0
            } catch {
                failures = min(failures + 1, 50)
                log.error("spool_error", ["error": .string(error.description)])
                idle(until: Date().addingTimeInterval(min(5, 0.1 * Double(failures))))
            }
        }
    }

    /// Sets attempts that run longer than `stallAfter` aside, each with a new thread in its place, up to
    /// `maxStalled` at once. Looks a few times per `stallAfter` (at most every second).
    private func watchForStalls(writer: OutcomeWriter) {
        let interval = max(0.01, min(1, options.stallAfter / 4))
        while !isStopping {
            let now = Date()
            let stalled = run.withLock { state -> [(Int, Attempt)] in
                guard !state.stopping else { return [] }
                var found: [(Int, Attempt)] = []
                for (number, attempt) in state.attempts.sorted(by: { $0.value.startedAt < $1.value.startedAt })
                where !state.setAside.contains(number) && now.timeIntervalSince(attempt.startedAt) >= options.stallAfter
                    && state.setAside.count < options.maxStalled {
                    state.setAside.insert(number)
                    found.append((number, attempt))
                }
                return found
            }
            for (number, attempt) in stalled {
                log.warning("delivery_set_aside", [
                    "id": .string(attempt.messageID), "thread": .int(number),
                    "seconds": .double((now.timeIntervalSince(attempt.startedAt) * 10).rounded() / 10),
                ])
                startThread(named: "herald-delivery") { [self] number in loop(number: number, writer: writer) }
            }
            sleep(until: Date().addingTimeInterval(interval))
        }
    }

    /// Attempts the claimed messages (one, or a batch for a transport that `deliversInBatches`) and
    /// hands their outcomes to the writer, which records them together and logs one line per message.
    private func deliver(_ records: [SpoolRecord], to writer: OutcomeWriter) {
        let outcomes = transport.deliver(batch: records.map { record in
            (record.message, DeliveryAttempt(number: record.attempts, mayHaveBeenDelivered: record.mayHaveBeenDelivered))
        })
        let now = Date()
        writer.submit(zip(records, outcomes).map { record, outcome in
            onAttempt?(outcome)
            return OutcomeWriter.Entry(
                id: record.id, kind: record.message.message, attempt: record.attempts, outcome: outcome,
                update: policy.update(for: outcome, of: record, now: now))
        })
    }

    /// The most messages a thread claims and hands to a transport that `deliversInBatches` at once.
    static let batchSize = 64

    private func purgeIfDue() throws(SpoolError) {
        let now = Date()
        let due = run.withLock { state in
            guard now.timeIntervalSince(state.lastPurge) > 60 else { return false }
            state.lastPurge = now
            return true
        }
        guard due else { return }
        let removed = try store.purgeFinished(before: now.addingTimeInterval(-options.retention))
        if removed > 0 { log.info("purged", ["count": .int(removed)]) }
    }

    /// Sleeps until `date` or stop (not woken by new messages).
    private func sleep(until date: Date) {
        signal.lock()
        while !isStopping, Date() < date {
            if !signal.wait(until: date) { break }
        }
        signal.unlock()
    }

    /// Sleeps until `date` (bounded by the idle poll), a wake-up, or stop.
    private func idle(until date: Date?) {
        let limit = Date().addingTimeInterval(options.idlePoll)
        let deadline = min(date ?? limit, limit)
        signal.lock()
        let seen = run.withLock { $0.wakeups }
        while !isStopping, run.withLock({ $0.wakeups }) == seen, Date() < deadline {
            if !signal.wait(until: deadline) { break }
        }
        signal.unlock()
    }
}

/// Called after every delivery attempt with its outcome, on the worker thread that made it; must be quick.
public typealias AttemptObserver = @Sendable (DeliveryOutcome) -> Void
