import Foundation
import ChildProcesses
import HeraldLogging
import Messages
import Locking
import TestSupport
import Testing
@testable import Delivery

/// A store whose first `complete` calls fail, as a full disk or an I/O error would. The messages in
/// `resolvedMeanwhile` are handed to the starting worker as an earlier attempt of theirs, as if their
/// own outcome had landed between the takeover and its recovery: that recovery is refused.
private final class FlakyCompletionStore: SpoolStore {
    let base: SQLiteSpoolStore
    private let failuresLeft: Locked<Int>
    private let resolvedMeanwhile: Set<String>

    /// How many outcomes each batch write carried, in order.
    let batchSizes = Locked<[Int]>([])

    init(_ base: SQLiteSpoolStore, failures: Int, resolvedMeanwhile: Set<String> = []) {
        self.base = base
        self.failuresLeft = Locked(failures)
        self.resolvedMeanwhile = resolvedMeanwhile
    }

    func complete(_ outcomes: [(id: String, attempt: Int, update: OutcomeUpdate)], now: Date) -> [Result<SpoolRecord, SpoolError>] {
        batchSizes.withLock { $0.append(outcomes.count) }
        return outcomes.map { outcome in
            Result { () throws(SpoolError) in try complete(id: outcome.id, attempt: outcome.attempt, with: outcome.update, now: now) }
        }
    }

    func complete(id: String, attempt: Int, with update: OutcomeUpdate, now: Date) throws(SpoolError) -> SpoolRecord {
        let fail = failuresLeft.withLock { left in
            defer { left = max(0, left - 1) }
            return left > 0
        }
        if fail { throw .file(FileSystemError("fsync", path: "records/\(id).json", code: EIO)) }
        return try base.complete(id: id, attempt: attempt, with: update, now: now)
    }

    func enqueue(_ message: ComposedMessage, sendAt: Date?, fingerprint: String, now: Date) throws(SpoolError) -> EnqueueResult {
        try base.enqueue(message, sendAt: sendAt, fingerprint: fingerprint, now: now)
    }
    func find(id: String) throws(SpoolError) -> SpoolRecord? { try base.find(id: id) }
    func find(key: String) throws(SpoolError) -> SpoolRecord? { try base.find(key: key) }
    func messages(matching query: MessageQuery) throws(SpoolError) -> MessagePage { try base.messages(matching: query) }
    func cancel(id: String, now: Date) throws(SpoolError) -> CancelResult { try base.cancel(id: id, now: now) }
    func retry(id: String, now: Date) throws(SpoolError) -> RetryResult { try base.retry(id: id, now: now) }
    func claimDue(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord] { try base.claimDue(limit: limit, now: now) }
    func beginWorking(wake: @escaping @Sendable () -> Void) throws(SpoolError) -> [SpoolRecord] {
        try base.beginWorking(wake: wake).map { record in
            var handed = record
            if resolvedMeanwhile.contains(record.id) { handed.attempts -= 1 }
            return handed
        }
    }
    func endWorking() { base.endWorking() }
    func nextDueDate() throws(SpoolError) -> Date? { try base.nextDueDate() }
    func unfinishedCount() throws(SpoolError) -> Int { try base.unfinishedCount() }
    func counts() throws(SpoolError) -> [DeliveryState: Int] { try base.counts() }
    func purgeFinished(before cutoff: Date) throws(SpoolError) -> Int { try base.purgeFinished(before: cutoff) }
    func events(messageID: String) throws(SpoolError) -> [MessageEvent] { try base.events(messageID: messageID) }
    func events(after sequence: Int64, limit: Int) throws(SpoolError) -> [MessageEvent] { try base.events(after: sequence, limit: limit) }
    func event(id: String) throws(SpoolError) -> MessageEvent? { try base.event(id: id) }
    func replay(eventID: String, now: Date) throws(SpoolError) -> MessageEvent? { try base.replay(eventID: eventID, now: now) }
    func claimWebhookDeliveries(endpoint: String, limit: Int, now: Date, lease: TimeInterval) throws(SpoolError) -> [WebhookDelivery] {
        try base.claimWebhookDeliveries(endpoint: endpoint, limit: limit, now: now, lease: lease)
    }
    func finish(_ delivery: WebhookDelivery, with outcome: WebhookDeliveryOutcome, now: Date) throws(SpoolError) -> Bool {
        try base.finish(delivery, with: outcome, now: now)
    }
    func webhookDeliveryCounts() throws(SpoolError) -> (pending: Int, abandoned: Int) { try base.webhookDeliveryCounts() }
}

@Suite("Writing a delivery outcome")
struct OutcomeWriteRetryTests {
    /// Two failures, and five: more than the retries there were once before a write was given up.
    @Test("a failing outcome write is retried until it lands, so an accepted message does not stay sending", arguments: [2, 5])
    func failingWriteIsRetried(failures: Int) throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let store = FlakyCompletionStore(try SQLiteSpoolStore(path: directory + "/herald.db"), failures: failures)
        let transport = ScriptedTransport([])
        let spool = Spool(store: store, transport: transport, options: WorkerOptions(concurrency: 1, idlePoll: 0.05), log: .silent)
        try spool.start()
        defer { spool.stop() }
        let id = try spool.enqueue(Fixtures.message(id: "flaky-\(failures)"), fingerprint: "f").id
        let status = try #require(try spool.waitUntilFinished(id: id, timeout: 30))
        #expect(status.status == .sent)
        #expect(transport.deliveries.count == 1, "delivered once; only the write was repeated")
    }

    @Test("stop while no outcome can be written gives up at its deadline and leaves the message sending for the next start")
    func stopGivesUpOnAnUnwritableStore() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let store = FlakyCompletionStore(try SQLiteSpoolStore(path: directory + "/herald.db"), failures: Int.max)
        let transport = ScriptedTransport([])
        let spool = Spool(store: store, transport: transport, options: WorkerOptions(concurrency: 1, idlePoll: 0.05), log: .silent)
        try spool.start()
        let id = try spool.enqueue(Fixtures.message(id: "unwritable"), fingerprint: "f").id
        try #require(waitUntil(timeout: 10) { !transport.deliveries.isEmpty })
        #expect(spool.stop(drainTimeout: 0.5) == false)
        #expect(try store.base.find(id: id)?.state == .sending)
        #expect(transport.deliveries.count == 1)
    }

    @Test("a recovery refused because its message was resolved meanwhile is logged, and the other interrupted messages are still recovered")
    func refusedRecoveryDoesNotStopTheOthers() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let base = try SQLiteSpoolStore(path: directory + "/herald.db")
        // Recovered in the order of their ids: the refused one comes first.
        for id in ["a-resolved", "b-interrupted"] { _ = try base.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: "f", now: Date()) }
        #expect(try base.claimDue(limit: 2, now: Date()).count == 2, "both left sending, as by a killed worker")
        let store = FlakyCompletionStore(base, failures: 0, resolvedMeanwhile: ["a-resolved"])
        let transport = ScriptedTransport([], prior: .delivered)
        let lines = CollectedLines()
        let spool = Spool(store: store, transport: transport, options: WorkerOptions(concurrency: 1, idlePoll: 0.05), log: HeraldLog(sink: lines))
        try spool.start()
        defer { spool.stop() }
        #expect(try base.find(id: "b-interrupted")?.state == .sent, "recovered after the refusal (the transport had it)")
        #expect(try base.find(id: "a-resolved")?.state == .sending, "the refused recovery changed nothing")
        let refused = lines.lines.filter { $0.contains("\"recovery_refused\"") }
        #expect(refused.count == 1 && refused.allSatisfy { $0.contains("\"id\":\"a-resolved\"") && $0.contains("attempt 0 of message a-resolved") })
    }

    /// The delay is ten minutes here, so the three outcomes certainly arrive within it however slow
    /// the machine; `finish` must write them at once rather than wait it out.
    @Test("outcomes handed in one at a time share one transaction while the writer gathers; finish writes them without waiting out the delay")
    func outcomesGatherIntoOneTransaction() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let base = try SQLiteSpoolStore(path: directory + "/herald.db")
        let store = FlakyCompletionStore(base, failures: 0)
        for index in 0..<3 { _ = try base.enqueue(Fixtures.message(id: "gather-\(index)"), sendAt: nil, fingerprint: "f", now: Date()) }
        let claimed = try base.claimDue(limit: 3, now: Date())
        #expect(claimed.count == 3)
        let gatherDelay: TimeInterval = 600
        let writer = OutcomeWriter(store: store, log: .silent, gatherDelay: gatherDelay)
        writer.start()
        let started = Date()
        for record in claimed {
            writer.submit([OutcomeWriter.Entry(id: record.id, kind: record.message.message, attempt: record.attempts, outcome: .accepted, update: .sent)])
        }
        #expect(writer.finish(before: Date().addingTimeInterval(60)))
        #expect(Date().timeIntervalSince(started) < gatherDelay)
        #expect(store.batchSizes.withLock { $0 } == [3])
        #expect(try base.counts()[.sent] == 3)
    }
}
