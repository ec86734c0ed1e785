import Foundation
import Testing
@testable import Delivery

@Suite("Spool capacity", .postgresServer)
struct SpoolCapacityTests {
    let later = Date().addingTimeInterval(3600)

    @Test("capacity 3: the 4th message is refused with .full; a delivery or a cancel makes room; replays and replacements still answer",
          arguments: StoreKind.allCases)
    func refusesBeyondCapacity(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let spool = Spool(store: try kind.open(base, capacity: 3), transport: ScriptedTransport(),
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

    @Test("capacity: 100000 by default, shown at startup; a store refuses a capacity that is not positive")
    func configuration() throws {
        #expect(DeliveryConfiguration(transport: .outbox(path: "outbox.jsonl"), store: .standard).spoolCapacity == 100_000)
        let configured = DeliveryConfiguration(transport: .outbox(path: "outbox.jsonl"), store: .standard, spoolCapacity: 250)
        #expect(configured.summary["spoolCapacity"] == "250")
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        #expect(throws: SpoolError.self) { try SQLiteSpoolStore(path: directory + "/herald.db", capacity: 0) }
    }
}
