import Foundation
import Locking
import Messages
import Testing
import TestSupport
@testable import Delivery

@Suite("Delivery worker")
struct DeliveryWorkerTests {
    static let fastRetry = RetryPolicy(firstDelay: 0.05, multiplier: 2, maxDelay: 0.2, maxAttempts: 3, maxAge: 60, jitter: 0.2)

    func spool(_ directory: String, _ transport: any Transport, retry: RetryPolicy = fastRetry, concurrency: Int = 2) throws -> Spool {
        try Spool(location: .sqlite(path: directory + "/herald.db"), transport: transport,
                  options: WorkerOptions(concurrency: concurrency, retry: retry, idlePoll: 0.05), log: .silent)
    }

    @Test("transient failures are retried with backoff until accepted")
    func retriesTransient() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let transport = ScriptedTransport([.transient("451 4.3.0 try later"), .transient("connection refused")])
        let observed = Locked<[DeliveryOutcome]>([])
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: transport,
                              options: WorkerOptions(concurrency: 2, retry: Self.fastRetry, idlePoll: 0.05), log: .silent,
                              onAttempt: { outcome in observed.withLock { $0.append(outcome) } })
        try spool.start()
        defer { spool.stop() }
        let id = try spool.enqueue(Fixtures.message(), fingerprint: "f").id
        let status = try #require(try spool.waitUntilFinished(id: id, timeout: 10))
        #expect(status.status == .sent)
        #expect(status.attempts == 3)
        #expect(status.lastError == "connection refused")
        #expect(transport.deliveries.map(\.attempt.number) == [1, 2, 3])
        #expect(observed.withLock { $0 } == [.transient("451 4.3.0 try later"), .transient("connection refused"), .accepted])
    }

    @Test("out of attempts: failed with the last error; permanent: failed at once")
    func givesUp() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let transport = ScriptedTransport([.transient("t1"), .transient("t2"), .transient("t3"), .permanent("550 5.1.1 no such user")])
        let spool = try spool(directory, transport)
        try spool.start()
        defer { spool.stop() }
        let first = try spool.enqueue(Fixtures.message(id: "first"), fingerprint: "f").id
        let firstStatus = try #require(try spool.waitUntilFinished(id: first, timeout: 10))
        #expect(firstStatus.status == .failed)
        #expect(firstStatus.attempts == 3)
        #expect(firstStatus.lastError == "gave up after 3 attempts: t3")
        let second = try spool.enqueue(Fixtures.message(id: "second"), fingerprint: "f").id
        let secondStatus = try #require(try spool.waitUntilFinished(id: second, timeout: 10))
        #expect(secondStatus.status == .failed && secondStatus.attempts == 1)
        #expect(secondStatus.lastError == "550 5.1.1 no such user")
    }

    @Test("unknown outcome: reported without a key, retried as a possible duplicate with one")
    func unknownOutcome() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let transport = ScriptedTransport([.unknown("connection lost after DATA"), .unknown("connection lost after DATA")])
        let spool = try spool(directory, transport)
        try spool.start()
        defer { spool.stop() }
        let plain = try spool.enqueue(Fixtures.message(id: "plain"), fingerprint: "f").id
        let plainStatus = try #require(try spool.waitUntilFinished(id: plain, timeout: 10))
        #expect(plainStatus.status == .unknown && plainStatus.attempts == 1)
        let keyed = try spool.enqueue(Fixtures.message(id: "keyed", key: "order-5/paid"), fingerprint: "f").id
        let keyedStatus = try #require(try spool.waitUntilFinished(id: keyed, timeout: 10))
        #expect(keyedStatus.status == .sent && keyedStatus.attempts == 2)
        #expect(transport.deliveries.last?.attempt == DeliveryAttempt(number: 2, mayHaveBeenDelivered: true))
    }

    @Test("scheduled messages wait for sendAt; cancelled ones are never delivered")
    func scheduleAndCancel() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let transport = ScriptedTransport()
        let spool = try spool(directory, transport)
        try spool.start()
        defer { spool.stop() }
        let sendAt = Date().addingTimeInterval(2)  // margin for slow fsyncs on a loaded machine
        let scheduled = try spool.enqueue(Fixtures.message(id: "soon"), sendAt: sendAt, fingerprint: "f")
        #expect(scheduled.status.status == .scheduled)
        let cancelled = try spool.enqueue(Fixtures.message(id: "never"), sendAt: sendAt, fingerprint: "f")
        guard case .cancelled = try spool.cancel(id: cancelled.id) else { Issue.record("cancel refused"); return }
        Thread.sleep(forTimeInterval: 0.3)
        if Date() < sendAt { #expect(try spool.status(id: "soon")?.status == .scheduled) }
        let status = try #require(try spool.waitUntilFinished(id: "soon", timeout: 10))
        #expect(status.status == .sent)
        #expect(try #require(status.deliveredAt) >= sendAt.addingTimeInterval(-0.01))
        #expect(transport.deliveries.map(\.id) == ["soon"])
        #expect(try spool.status(id: "never")?.status == .cancelled)
    }

    @Test("after a crash in sending: marked sent when the transport saw it, else sent again (at least once)")
    func recovery() throws {
        let cases: [(PriorDelivery, String?, DeliveryState, Int)] = [
            (.delivered, nil, .sent, 0),
            (.notDelivered, nil, .sent, 1),
            (.cannotTell, "order-1", .sent, 1),
            (.cannotTell, nil, .sent, 1),
        ]
        for (prior, key, expected, deliveries) in cases {
            let directory = Fixtures.temporaryDirectory()
            defer { Fixtures.remove(directory) }
            let store = try SQLiteSpoolStore(path: directory + "/herald.db")
            _ = try store.enqueue(Fixtures.message(id: "crashed", key: key), sendAt: nil, fingerprint: "f", now: Date())
            _ = try store.claimDue(limit: 1, now: Date())  // the killed worker's claim
            let transport = ScriptedTransport(prior: prior)
            let spool = try spool(directory, transport)
            try spool.start()
            let status = try #require(try spool.waitUntilFinished(id: "crashed", timeout: 10))
            spool.stop()
            #expect(status.status == expected, "\(prior) key \(key ?? "nil")")
            #expect(transport.deliveries.count == deliveries)
        }
    }

    @Test("stop drains: the worker role is released and a second spool can start")
    func stopReleases() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let first = try spool(directory, ScriptedTransport())
        try first.start()
        let second = try spool(directory, ScriptedTransport())
        #expect(throws: SpoolError.self) { try second.start() }
        #expect(first.stop(drainTimeout: 5))
        try second.start()
        #expect(second.stop(drainTimeout: 5))
    }

    @Test("a transport that takes batches gets the due messages many at a time; each outcome is recorded, a transient one retried")
    func batchesForBatchingTransports() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let transport = BatchingTransport()
        let spool = try spool(directory, transport, concurrency: 1)
        let ids = try (0..<150).map { index in
            try spool.enqueue(Fixtures.message(id: "batch-\(index)" + (index % 10 == 0 ? "-later" : "")), fingerprint: "f").id
        }
        try spool.start()
        defer { spool.stop() }
        #expect(try spool.waitUntilIdle(timeout: 60))
        let statuses = try ids.map { id in try #require(try spool.status(id: id)) }
        #expect(statuses.allSatisfy { $0.status == .sent })
        #expect(statuses.filter { $0.attempts == 2 }.map(\.id) == ids.filter { $0.hasSuffix("-later") })
        #expect(transport.attempted.count == 150 && transport.attempted.values.reduce(0, +) == 165, "each once, the transient ones twice")
        #expect(transport.batches.max() == DeliveryWorker.batchSize, "\(transport.batches)")
    }

    @Test("messages claimed ahead but never attempted go back to the queue when the worker stops, their attempt uncounted")
    func stopReleasesClaimedAhead() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let transport = GatedTransport()
        let spool = try spool(directory, transport, concurrency: 1)
        let ids = try (0..<5).map { index in try spool.enqueue(Fixtures.message(id: "ahead-\(index)"), fingerprint: "f").id }
        try spool.start()
        #expect(transport.waitForAttempt(timeout: 30), "the first attempt began")
        let stopped = Locked(false)
        let stopper = Thread { stopped.withLock { $0 = spool.stop(drainTimeout: 60) } }
        stopper.start()
        #expect(waitUntil(timeout: 30) { spool.worker.isStopping }, "stop was asked")
        transport.open()
        #expect(waitUntil(timeout: 60) { stopped.withLock { $0 } }, "stop drained")
        let statuses = try ids.map { id in try #require(try spool.status(id: id)) }
        #expect(statuses.filter { $0.status == .sent }.count == 1, "only the attempt in flight was made")
        #expect(statuses.allSatisfy { $0.status == .sent || ($0.status == .queued && $0.attempts == 0) }, "\(statuses.map { ($0.id, $0.status, $0.attempts) })")
        #expect(transport.attempts == 1)
    }
}

/// A transport that takes batches: the first attempt of a message whose id ends in `-later` is
/// transient, every other one accepted; records the size of each batch.
private final class BatchingTransport: Transport {
    private let state = Locked((batches: [Int](), attempted: [String: Int]()))

    var deliversInBatches: Bool { true }

    func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        deliver(batch: [(message, attempt)])[0]
    }

    func deliver(batch: [(message: ComposedMessage, attempt: DeliveryAttempt)]) -> [DeliveryOutcome] {
        state.withLock { state in
            state.batches.append(batch.count)
            return batch.map { item in
                state.attempted[item.message.id, default: 0] += 1
                return item.message.id.hasSuffix("-later") && state.attempted[item.message.id] == 1 ? .transient("451 later") : .accepted
            }
        }
    }

    var batches: [Int] { state.withLock { $0.batches } }
    var attempted: [String: Int] { state.withLock { $0.attempted } }
}

/// A transport whose attempts wait until `open` is called.
private final class GatedTransport: Transport {
    private let gate = DispatchSemaphore(value: 0)
    private let state = Locked((attempts: 0, open: false))

    func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        let mustWait = state.withLock { state in
            state.attempts += 1
            return !state.open
        }
        if mustWait { gate.wait() }
        return .accepted
    }

    func priorDelivery(of message: ComposedMessage) -> PriorDelivery { .cannotTell }

    var attempts: Int { state.withLock { $0.attempts } }

    func waitForAttempt(timeout: TimeInterval) -> Bool { waitUntil(timeout: timeout) { attempts > 0 } }

    func open() {
        let waiting = state.withLock { state in
            state.open = true
            return state.attempts
        }
        for _ in 0..<waiting { gate.signal() }
    }
}
