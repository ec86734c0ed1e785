import Foundation
import Testing
@testable import Delivery

@Suite("Spool capacity")
struct SpoolCapacityTests {
    let later = Date().addingTimeInterval(3600)

    @Test("capacity 3: the 4th message is refused with .full; a delivery or a cancel makes room; replays and replacements still answer")
    func refusesBeyondCapacity() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let spool = try Spool(directory: directory, transport: ScriptedTransport(), capacity: 3,
                              options: WorkerOptions(concurrency: 1, idlePoll: 0.05), log: .silent)
        _ = try spool.enqueue(Fixtures.message(id: "due", key: "order-1/paid"), fingerprint: "a")
        _ = try spool.enqueue(Fixtures.message(id: "s1"), sendAt: later, fingerprint: "a")
        _ = try spool.enqueue(Fixtures.message(id: "s2", key: "invoice-7/check-in"), sendAt: later, fingerprint: "a")

        #expect(throws: SpoolError.full(capacity: 3)) { try spool.enqueue(Fixtures.message(id: "refused"), sendAt: later, fingerprint: "a") }
        #expect(try spool.status(id: "refused") == nil, "a refused message is not stored")
        #expect(SpoolError.full(capacity: 3).description == "spool: full (capacity 3 unfinished messages); retry later")

        let replay = try spool.enqueue(Fixtures.message(id: "again", key: "order-1/paid"), fingerprint: "a")
        #expect(replay.disposition == .replayed, "a replay adds nothing, so a full spool still answers it")
        #expect(replay.id == "due")
        let replacement = try spool.enqueue(Fixtures.message(id: "s2-new", key: "invoice-7/check-in"), sendAt: later, fingerprint: "b")
        #expect(replacement.disposition == .replaced(previousID: "s2"), "a replacement cancels the message it replaces")
        #expect(throws: SpoolError.full(capacity: 3)) { try spool.enqueue(Fixtures.message(id: "refused"), fingerprint: "a") }

        try spool.start()
        #expect(try spool.waitUntilFinished(id: "due", timeout: 10)?.status == .sent)
        spool.stop()
        #expect(try spool.enqueue(Fixtures.message(id: "after-delivery"), sendAt: later, fingerprint: "a").disposition == .created)
        #expect(throws: SpoolError.full(capacity: 3)) { try spool.enqueue(Fixtures.message(id: "refused"), fingerprint: "a") }
        #expect(try spool.enqueue(Fixtures.message(id: "again-2", key: "order-1/paid"), fingerprint: "a").id == "due")

        guard case .cancelled = try spool.cancel(id: "s1") else {
            Issue.record("s1 was scheduled and should cancel")
            return
        }
        #expect(try spool.enqueue(Fixtures.message(id: "after-cancel"), sendAt: later, fingerprint: "a").disposition == .created)
        #expect(throws: SpoolError.full(capacity: 3)) { try spool.enqueue(Fixtures.message(id: "refused"), fingerprint: "a") }
        #expect(try spool.depth() == 3)
    }

    @Test("the count starts from the disk and follows other processes through the worker's relisting, not per enqueue")
    func countAcrossStores() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let other = try DirectorySpoolStore(directory: directory)
        _ = try other.enqueue(Fixtures.message(id: "o1"), sendAt: later, fingerprint: "a", now: Date())
        _ = try other.enqueue(Fixtures.message(id: "o2"), sendAt: later, fingerprint: "a", now: Date())

        let store = try DirectorySpoolStore(directory: directory, capacity: 2)
        #expect(throws: SpoolError.full(capacity: 2)) { try store.enqueue(Fixtures.message(id: "mine"), sendAt: nil, fingerprint: "a", now: Date()) }
        guard case .cancelled = try other.cancel(id: "o1", now: Date()) else {
            Issue.record("o1 was scheduled and should cancel")
            return
        }
        #expect(throws: SpoolError.full(capacity: 2), "no listing per enqueue: the other store's cancel is not seen yet") {
            try store.enqueue(Fixtures.message(id: "mine"), sendAt: nil, fingerprint: "a", now: Date())
        }
        Thread.sleep(forTimeInterval: 1.1)
        _ = try store.nextDueDate()  // the worker's poll relists a listing older than a second
        #expect(try store.enqueue(Fixtures.message(id: "mine"), sendAt: nil, fingerprint: "a", now: Date()).disposition == .created)
    }

    @Test("capacity: 100000 by default, shown at startup; a store refuses a capacity that is not positive")
    func configuration() throws {
        #expect(DeliveryConfiguration(transport: .outbox(path: "outbox.jsonl"), spoolDirectory: "spool").spoolCapacity == 100_000)
        let configured = DeliveryConfiguration(transport: .outbox(path: "outbox.jsonl"), spoolDirectory: "spool", spoolCapacity: 250)
        #expect(configured.summary["spoolCapacity"] == "250")
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        #expect(throws: SpoolError.self) { try DirectorySpoolStore(directory: directory, capacity: 0) }
    }
}
