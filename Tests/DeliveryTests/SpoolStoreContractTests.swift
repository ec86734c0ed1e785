import Foundation
import Locking
import Testing
@testable import Delivery

/// The `SpoolStore` contract, run against every store: what the API and the worker rely on.
@Suite("Spool store contract", .postgresServer)
struct SpoolStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    @Test("enqueue is durable and visible to a fresh store; status has the API's fields", arguments: StoreKind.allCases)
    func enqueueAndStatus(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        let result = try store.enqueue(Fixtures.message(id: "m1"), sendAt: nil, fingerprint: "f", now: now)
        #expect(result.disposition == .created)
        #expect(result.status.status == .queued)

        let reopened = try kind.open(base)
        let status = try #require(try reopened.find(id: "m1")?.status)
        #expect(status.status == .queued && status.attempts == 0 && status.createdAt == now)
        let json = try #require(JSONSerialization.jsonObject(with: Data(status.json().utf8)) as? [String: Any])
        for field in ["id", "message", "status", "attempts", "lastError", "createdAt", "sendAt", "deliveredAt", "key"] {
            #expect(json.keys.contains(field), "missing \(field)")
        }
        #expect(try reopened.find(id: "nope") == nil)
        #expect(try reopened.find(id: "../etc/passwd") == nil)
        #expect(throws: SpoolError.self) { try store.enqueue(Fixtures.message(id: "../x"), sendAt: nil, fingerprint: "f", now: now) }
    }

    @Test("same key and same request replays the first message", arguments: StoreKind.allCases)
    func keyReplay(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        let first = try store.enqueue(Fixtures.message(id: "k1", key: "order-1/paid"), sendAt: nil, fingerprint: "same", now: now)
        let again = try store.enqueue(Fixtures.message(id: "k2", key: "order-1/paid"), sendAt: nil, fingerprint: "same", now: now)
        #expect(again.disposition == .replayed)
        #expect(again.id == first.id)
        #expect(try store.find(id: "k2") == nil)
        #expect(try store.find(key: "order-1/paid")?.id == "k1")
    }

    /// Ids are made anew for each request, so an enqueue meeting its own id with its own request is a
    /// retry of itself (the reply of the commit that stored it was lost): the message, once.
    @Test("the same message enqueued again (same id, same request) is answered as stored, once; another request with its id is refused",
          arguments: StoreKind.allCases)
    func enqueueRetriedAfterItsCommit(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        for message in [Fixtures.message(id: "again"), Fixtures.message(id: "again-keyed", key: "invoice-7/issued")] {
            let first = try store.enqueue(message, sendAt: nil, fingerprint: "same", now: now)
            let again = try store.enqueue(message, sendAt: nil, fingerprint: "same", now: now.addingTimeInterval(1))
            #expect(first.disposition == .created && again.disposition == .created, "\(message.id)")
            #expect(again.status == first.status)
            #expect(try store.events(messageID: message.id).map(\.type) == [.accepted], "one acceptance: \(message.id)")
            #expect(throws: SpoolError.duplicateID(message.id)) {
                try store.enqueue(Fixtures.message(id: message.id), sendAt: nil, fingerprint: "other", now: now)
            }
        }
        #expect(try store.counts()[.queued] == 2)

        // Its answer is the first one's: a replacement again, and created even when it filled the spool.
        _ = try store.enqueue(Fixtures.message(id: "first", key: "check-in/3"), sendAt: now.addingTimeInterval(3600), fingerprint: "a", now: now)
        let replacement = Fixtures.message(id: "second", key: "check-in/3")
        for _ in 0..<2 {
            #expect(try store.enqueue(replacement, sendAt: nil, fingerprint: "b", now: now).disposition == .replaced(previousID: "first"))
        }
        #expect(try store.events(messageID: "first").map(\.type) == [.accepted, .cancelled])
        #expect(try store.events(messageID: "second").map(\.type) == [.accepted])
        #expect(try store.counts()[.cancelled] == 1)
        let fullBase = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(fullBase) }
        let full = try kind.open(fullBase, capacity: 1)
        #expect(try full.enqueue(Fixtures.message(id: "filled-it"), sendAt: nil, fingerprint: "f", now: now).disposition == .created)
        #expect(try full.enqueue(Fixtures.message(id: "filled-it"), sendAt: nil, fingerprint: "f", now: now).disposition == .created)
        #expect(throws: SpoolError.full(capacity: 1)) { try full.enqueue(Fixtures.message(id: "one-more"), sendAt: nil, fingerprint: "f", now: now) }
    }

    @Test("same key, other request: replaces a scheduled message, conflicts otherwise", arguments: StoreKind.allCases)
    func keyReplaceAndConflict(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        let later = now.addingTimeInterval(3600)
        let first = try store.enqueue(Fixtures.message(id: "s1", key: "invoice-7"), sendAt: later, fingerprint: "a", now: now)
        #expect(first.status.status == .scheduled)
        let second = try store.enqueue(Fixtures.message(id: "s2", key: "invoice-7"), sendAt: later, fingerprint: "b", now: now)
        #expect(second.disposition == .replaced(previousID: "s1"))
        #expect(try store.find(id: "s1")?.state == .cancelled)
        #expect(try store.find(id: "s1")?.replacedBy == "s2")
        #expect(try store.find(key: "invoice-7")?.id == "s2")

        let queued = try store.enqueue(Fixtures.message(id: "q1", key: "order-9"), sendAt: nil, fingerprint: "a", now: now)
        #expect(queued.status.status == .queued)
        let conflict = try store.enqueue(Fixtures.message(id: "q2", key: "order-9"), sendAt: nil, fingerprint: "b", now: now)
        #expect(conflict.disposition == .conflict)
        #expect(conflict.id == "q1")
        #expect(try store.find(id: "q2") == nil)
    }

    @Test("scheduled messages are claimed only once due, each by one claimer", arguments: StoreKind.allCases)
    func scheduling(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        _ = try store.enqueue(Fixtures.message(id: "later"), sendAt: now.addingTimeInterval(60), fingerprint: "f", now: now)
        _ = try store.enqueue(Fixtures.message(id: "now"), sendAt: nil, fingerprint: "f", now: now)
        let first = try store.claimDue(limit: 10, now: now.addingTimeInterval(1))
        #expect(first.map(\.id) == ["now"])
        #expect(first.first?.state == .sending && first.first?.attempts == 1)
        #expect(try store.claimDue(limit: 10, now: now.addingTimeInterval(2)).isEmpty)
        // Another store on the same location (another process) sees the same state.
        let other = try kind.open(base)
        #expect(try other.claimDue(limit: 10, now: now.addingTimeInterval(61)).map(\.id) == ["later"])
        #expect(try store.claimDue(limit: 10, now: now.addingTimeInterval(62)).isEmpty)
    }

    @Test("cancel works until the message is handed to the transport", arguments: StoreKind.allCases)
    func cancel(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        _ = try store.enqueue(Fixtures.message(id: "c1"), sendAt: now.addingTimeInterval(60), fingerprint: "f", now: now)
        _ = try store.enqueue(Fixtures.message(id: "c2"), sendAt: nil, fingerprint: "f", now: now)
        guard case .cancelled(let status) = try store.cancel(id: "c1", now: now) else { Issue.record("not cancelled"); return }
        #expect(status.status == .cancelled)
        #expect(try store.claimDue(limit: 10, now: now.addingTimeInterval(120)).map(\.id) == ["c2"])
        guard case .conflict(let sending) = try store.cancel(id: "c2", now: now) else { Issue.record("no conflict"); return }
        #expect(sending.status == .sending)
        try store.complete(id: "c2", attempt: 1, with: .sent, now: now)
        #expect(throws: SpoolError.notSending(id: "c2", state: .sent)) { try store.complete(id: "c2", attempt: 1, with: .failed(error: "late"), now: now) }
        guard case .conflict(let sent) = try store.cancel(id: "c2", now: now) else { Issue.record("no conflict"); return }
        #expect(sent.status == .sent && sent.deliveredAt == now)
        #expect(try store.cancel(id: "missing", now: now) == .notFound)
    }

    @Test("outcomes recorded together: each lands with its event, and one refused does not undo the others", arguments: StoreKind.allCases)
    func outcomesTogether(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        for id in ["o1", "o2", "o3", "o4"] { _ = try store.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: "f", now: now) }
        #expect(try store.claimDue(limit: 10, now: now).map(\.id).sorted() == ["o1", "o2", "o3", "o4"])
        try store.complete(id: "o2", attempt: 1, with: .sent, now: now)
        let later = now.addingTimeInterval(5)
        let results = store.complete([
            (id: "o1", attempt: 1, update: .sent), (id: "o2", attempt: 1, update: .failed(error: "late")), (id: "missing", attempt: 1, update: .sent),
            (id: "o3", attempt: 1, update: .retry(at: later.addingTimeInterval(60), error: "421 busy", mayHaveBeenDelivered: false)),
            (id: "o4", attempt: 1, update: .failed(error: "550 no such user")),
        ], now: later)
        #expect(results.count == 5)
        #expect((try? results[0].get())?.state == .sent)
        #expect(throws: SpoolError.notSending(id: "o2", state: .sent)) { try results[1].get() }
        #expect(throws: SpoolError.self) { try results[2].get() }
        #expect((try? results[3].get())?.state == .retrying)
        #expect((try? results[4].get())?.lastError == "550 no such user")
        #expect(try store.find(id: "o2")?.state == .sent)
        #expect(try store.find(id: "o3")?.dueAt == later.addingTimeInterval(60))
        #expect(try store.events(messageID: "o1").map(\.type) == [.accepted, .sent])
        #expect(try store.events(messageID: "o2").map(\.type) == [.accepted, .sent])
        #expect(try store.events(messageID: "o3").map(\.type) == [.accepted, .retrying])
        #expect(try store.events(messageID: "o4").map(\.type) == [.accepted, .failed])
        #expect(try store.counts()[.sending] == 0)
    }

    @Test("an outcome that lands after its message was claimed again for a later attempt is refused, alone or in a batch", arguments: StoreKind.allCases)
    func outcomeOfAnOutlivedClaim(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        _ = try store.enqueue(Fixtures.message(id: "late"), sendAt: nil, fingerprint: "f", now: now)
        #expect(try store.claimDue(limit: 1, now: now).map { "\($0.id)#\($0.attempts)" } == ["late#1"])
        _ = try store.enqueue(Fixtures.message(id: "other"), sendAt: nil, fingerprint: "f", now: now)
        let retryAt = now.addingTimeInterval(30)
        try store.complete(id: "late", attempt: 1, with: .retry(at: retryAt, error: "421 busy", mayHaveBeenDelivered: false), now: now)
        #expect(try store.claimDue(limit: 2, now: retryAt).map { "\($0.id)#\($0.attempts)" }.sorted() == ["late#2", "other#1"])

        // Attempt 1's outcome again (a write retried after its commit, or a copy that lost its way).
        #expect(throws: SpoolError.claimSuperseded(id: "late", attempt: 1, current: 2)) {
            try store.complete(id: "late", attempt: 1, with: .failed(error: "550 from attempt 1"), now: retryAt)
        }
        let results = store.complete([
            (id: "late", attempt: 1, update: .sent), (id: "other", attempt: 1, update: .sent), (id: "other", attempt: 0, update: .sent),
        ], now: retryAt)
        #expect(throws: SpoolError.claimSuperseded(id: "late", attempt: 1, current: 2)) { try results[0].get() }
        #expect((try? results[1].get())?.state == .sent)
        #expect(throws: SpoolError.notSending(id: "other", state: .sent)) { try results[2].get() }
        let late = try #require(try store.find(id: "late"))
        #expect(late.state == .sending && late.attempts == 2 && late.lastError == "421 busy", "attempt 2 is still in flight, untouched")
        #expect(try store.events(messageID: "late").map(\.type) == [.accepted, .retrying])

        #expect(try store.complete(id: "late", attempt: 2, with: .sent, now: retryAt).state == .sent)
        #expect(try store.events(messageID: "late").map(\.type) == [.accepted, .retrying, .sent])
        #expect(try store.counts()[.sending] == 0)
    }

    @Test("retry queues a failed or unknown message again, due now, keeping its attempts; any other state is a conflict", arguments: StoreKind.allCases)
    func retry(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        for id in ["r-failed", "r-unknown", "r-sent", "r-queued"] {
            _ = try store.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: "f", now: now)
        }
        #expect(try store.claimDue(limit: 3, now: now).count == 3)
        try store.complete(id: "r-failed", attempt: 1, with: .failed(error: "550 no such user"), now: now)
        try store.complete(id: "r-unknown", attempt: 1, with: .unknown(error: "connection lost after the data"), now: now)
        try store.complete(id: "r-sent", attempt: 1, with: .sent, now: now)
        let later = now.addingTimeInterval(600)
        for id in ["r-failed", "r-unknown"] {
            guard case .retried(let status) = try store.retry(id: id, now: later) else { Issue.record("\(id) not retried"); continue }
            #expect(status.status == .queued && status.attempts == 1 && status.lastError != nil)
            #expect(try store.find(id: id)?.finishedAt == nil)
        }
        #expect(try store.find(id: "r-unknown")?.mayHaveBeenDelivered == true, "the outbox can still tell it arrived")
        for id in ["r-sent", "r-queued"] {
            guard case .conflict = try store.retry(id: id, now: later) else { Issue.record("\(id) retried"); continue }
        }
        #expect(try store.retry(id: "missing", now: later) == .notFound)
        let claimed = try store.claimDue(limit: 10, now: later)
        #expect(Set(claimed.map(\.id)) == ["r-failed", "r-unknown", "r-queued"])
        #expect(claimed.first { $0.id == "r-failed" }?.attempts == 2)
    }

    @Test("counts by state, and retention removes only old finished records", arguments: StoreKind.allCases)
    func countsAndPurge(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        for index in 0..<3 { _ = try store.enqueue(Fixtures.message(id: "p\(index)", key: "key-\(index)"), sendAt: nil, fingerprint: "f", now: now) }
        _ = try store.enqueue(Fixtures.message(id: "future"), sendAt: now.addingTimeInterval(999), fingerprint: "f", now: now)
        let claimed = try store.claimDue(limit: 2, now: now)
        try store.complete(id: claimed[0].id, attempt: 1, with: .sent, now: now)
        try store.complete(id: claimed[1].id, attempt: 1, with: .failed(error: "550 no such user"), now: now.addingTimeInterval(100))
        let counts = try store.counts()
        #expect(counts[.sent] == 1 && counts[.failed] == 1 && counts[.queued] == 1 && counts[.scheduled] == 1)
        #expect(counts[.retrying] == 0)
        #expect(try store.unfinishedCount() == 2)

        #expect(try store.purgeFinished(before: now.addingTimeInterval(50)) == 1)
        #expect(try store.find(id: claimed[0].id) == nil)
        #expect(try store.find(key: try #require(claimed[0].key)) == nil)
        #expect(try store.find(key: try #require(claimed[1].key))?.id == claimed[1].id)
        #expect(try store.find(id: claimed[1].id)?.lastError == "550 no such user")
        #expect(try store.counts()[.sent] == 0)
    }

    @Test("a dead worker's messages are recovered: by the next worker (SQLite, one per file), by any worker once its lease expires (PostgreSQL)",
          arguments: StoreKind.allCases)
    func workerRoleAndRecovery(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let start = Date()
        let store = try kind.open(base, leaseDuration: 5)
        #expect(try store.beginWorking(wake: {}).isEmpty)
        let other = try kind.open(base, leaseDuration: 5)
        _ = try store.enqueue(Fixtures.message(id: "r1"), sendAt: nil, fingerprint: "f", now: start)
        #expect(try store.claimDue(limit: 1, now: start).map(\.id) == ["r1"])
        switch kind {
        case .sqlite:
            #expect(store.leaseDuration == nil)
            #expect(throws: SpoolError.workerAlreadyRunning(spool: try kind.location(base))) { try other.beginWorking(wake: {}) }
            store.endWorking()
            #expect(try other.beginWorking(wake: {}).map(\.id) == ["r1"])
        case .postgres:
            #expect(store.leaseDuration == 5)
            #expect(try other.beginWorking(wake: {}).isEmpty, "many workers share the store; the lease is live")
            #expect(try other.claimExpired(limit: 10, now: start.addingTimeInterval(4)).isEmpty)
            try store.renewLeases(now: start.addingTimeInterval(4))
            #expect(try other.claimExpired(limit: 10, now: start.addingTimeInterval(8)).isEmpty, "the renewed lease runs until start + 9 s")
            let recovered = try other.claimExpired(limit: 10, now: start.addingTimeInterval(10))
            #expect(recovered.map(\.id) == ["r1"] && recovered.first?.state == .sending && recovered.first?.attempts == 1)
            #expect(throws: SpoolError.leaseLost(id: "r1")) { try store.complete(id: "r1", attempt: 1, with: .sent, now: start.addingTimeInterval(10)) }
            #expect(try other.complete(id: "r1", attempt: 1, with: .sent, now: start.addingTimeInterval(10)).state == .sent)
            store.endWorking()
        }
        other.endWorking()
    }

    @Test("two stores on one location, many threads, the same keys at once: one message per key, the others replayed",
          arguments: StoreKind.allCases)
    func sameKeyAtOnce(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let stores = [try kind.open(base), try kind.open(base)]
        let results = Locked<[String: [EnqueueDisposition]]>([:])
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 80) { index in
            let key = "order-\(index % 20)/paid"
            do {
                let result = try stores[index % 2].enqueue(Fixtures.message(id: "same-\(index)", key: key), sendAt: nil, fingerprint: key, now: now)
                results.withLock { $0[result.id, default: []].append(result.disposition) }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let byID = results.withLock { $0 }
        #expect(byID.count == 20, "one message per key")
        #expect(byID.values.allSatisfy { $0.filter { $0 == .created }.count == 1 && $0.filter { $0 == .replayed }.count == 3 })
        #expect(try stores[1].unfinishedCount() == 20)
    }

    @Test("replacing one scheduled message from two stores at once: each replacement is atomic, one message holds the key",
          arguments: StoreKind.allCases)
    func replaceAtOnce(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let stores = [try kind.open(base), try kind.open(base)]
        let later = now.addingTimeInterval(3600)
        _ = try stores[0].enqueue(Fixtures.message(id: "check-in-0", key: "invoice-7/check-in"), sendAt: later, fingerprint: "v0", now: now)
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 30) { index in
            do {
                let result = try stores[index % 2].enqueue(
                    Fixtures.message(id: "check-in-\(index + 1)", key: "invoice-7/check-in"), sendAt: later, fingerprint: "v\(index + 1)", now: now)
                guard case .replaced = result.disposition else { throw SpoolError.invalidConfiguration("not replaced: \(result.disposition)") }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try stores[0].unfinishedCount() == 1, "one pending check-in per invoice")
        let holder = try #require(try stores[1].find(key: "invoice-7/check-in"))
        #expect(holder.state == .scheduled)
        var cancelled = 0
        for index in 0...30 where "check-in-\(index)" != holder.id {
            let record = try #require(try stores[0].find(id: "check-in-\(index)"))
            #expect(record.state == .cancelled && record.replacedBy != nil)
            cancelled += 1
        }
        #expect(cancelled == 30)
    }
}
