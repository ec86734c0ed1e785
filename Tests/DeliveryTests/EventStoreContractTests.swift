import Foundation
import Testing
@testable import Delivery

/// The `EventStore` contract, run against every store: each state change records its event in the
/// same transaction, and queues its webhook deliveries with it.
@Suite("Event store contract", .postgresServer)
struct EventStoreContractTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)
    let hooks = WebhookSubscriptions(endpoints: ["http://127.0.0.1:1/a", "http://127.0.0.1:1/b"])

    @Test("every change of a message is in its timeline, oldest first, with the status after it", arguments: StoreKind.allCases)
    func timeline(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        _ = try store.enqueue(Fixtures.message(id: "t1"), sendAt: nil, fingerprint: "f", now: now)
        #expect(try store.claimDue(limit: 1, now: now).map(\.id) == ["t1"])
        let retryAt = now.addingTimeInterval(30)
        try store.complete(id: "t1", attempt: 1, with: .retry(at: retryAt, error: "451 try later", mayHaveBeenDelivered: false), now: now.addingTimeInterval(1))
        #expect(try store.claimDue(limit: 1, now: retryAt).map(\.id) == ["t1"])
        try store.complete(id: "t1", attempt: 2, with: .failed(error: "550 no such user"), now: retryAt.addingTimeInterval(1))
        #expect(try store.retry(id: "t1", now: retryAt.addingTimeInterval(2)) != .notFound)
        #expect(try store.claimDue(limit: 1, now: retryAt.addingTimeInterval(3)).map(\.id) == ["t1"])
        try store.complete(id: "t1", attempt: 3, with: .sent, now: retryAt.addingTimeInterval(4))

        let events = try store.events(messageID: "t1")
        #expect(events.map(\.type) == [.accepted, .retrying, .failed, .resubmitted, .sent])
        #expect(events.map(\.data.status) == [.queued, .retrying, .failed, .queued, .sent])
        #expect(events.allSatisfy { $0.messageID == "t1" && $0.id.hasPrefix("evt_") })
        #expect(Set(events.map(\.id)).count == events.count)
        #expect(events.map(\.sequence) == events.map(\.sequence).sorted() && Set(events.map(\.sequence)).count == events.count)
        let retrying = events[1]
        #expect(retrying.data.attempts == 1 && retrying.data.lastError == "451 try later" && retrying.data.nextAttemptAt == retryAt)
        #expect(retrying.timestamp == now.addingTimeInterval(1))
        #expect(try kind.open(base).event(id: retrying.id) == retrying, "durable, and the same from another store")
        #expect(try store.events(messageID: "nope").isEmpty)
    }

    @Test("cancel, replacement and batch enqueue record their events; paging goes in sequence order", arguments: StoreKind.allCases)
    func otherChanges(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        let later = now.addingTimeInterval(3600)
        _ = try store.enqueue(Fixtures.message(id: "c1"), sendAt: later, fingerprint: "a", now: now)
        _ = try store.cancel(id: "c1", now: now)
        _ = try store.enqueue(Fixtures.message(id: "r1", key: "invoice-7"), sendAt: later, fingerprint: "a", now: now)
        _ = try store.enqueue(Fixtures.message(id: "r2", key: "invoice-7"), sendAt: later, fingerprint: "b", now: now)
        let batch = store.enqueue(
            [EnqueueRequest(message: Fixtures.message(id: "b1"), sendAt: nil, fingerprint: "x"),
             EnqueueRequest(message: Fixtures.message(id: "../bad"), sendAt: nil, fingerprint: "x"),
             EnqueueRequest(message: Fixtures.message(id: "b2"), sendAt: nil, fingerprint: "y")], now: now)
        #expect(batch.filter { (try? $0.get()) != nil }.count == 2)

        #expect(try store.events(messageID: "c1").map(\.type) == [.accepted, .cancelled])
        let replaced = try store.events(messageID: "r1")
        #expect(replaced.map(\.type) == [.accepted, .cancelled])
        #expect(replaced.last?.data.replacedBy == "r2" && replaced.last?.data.status == .cancelled)
        #expect(try store.events(messageID: "b1").map(\.type) == [.accepted])
        #expect(try store.events(messageID: "b2").map(\.type) == [.accepted])

        var pages: [[MessageEvent]] = []
        var after: Int64 = 0
        for _ in 0..<10 {
            let page = try store.events(after: after, limit: 2)
            guard let last = page.last else { break }
            pages.append(page)
            after = last.sequence
        }
        let all = pages.flatMap { $0 }
        #expect(pages.count == 4 && pages.dropLast().allSatisfy { $0.count == 2 })
        #expect(all.map(\.messageID) == ["c1", "c1", "r1", "r1", "r2", "b1", "b2"])
        #expect(all.map(\.sequence) == all.map(\.sequence).sorted())
    }

    @Test("deliveries are queued per endpoint for the subscribed types, claimed as leases, fenced by attempt", arguments: StoreKind.allCases)
    func deliveries(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base, subscriptions: hooks)
        let other = try kind.open(base, subscriptions: hooks)
        _ = try store.enqueue(Fixtures.message(id: "w1"), sendAt: nil, fingerprint: "f", now: now)
        #expect(try store.claimWebhookDeliveries(endpoint: hooks.endpoints[0], limit: 10, now: now, lease: 60).isEmpty,
                "message.accepted is not subscribed by default")
        _ = try store.claimDue(limit: 1, now: now)
        try store.complete(id: "w1", attempt: 1, with: .sent, now: now)
        let sent = try #require(try store.events(messageID: "w1").last)

        let first = try store.claimWebhookDeliveries(endpoint: hooks.endpoints[0], limit: 10, now: now, lease: 60)
        #expect(first.map(\.event) == [sent] && first.first?.attempt == 1)
        #expect(try other.claimWebhookDeliveries(endpoint: hooks.endpoints[0], limit: 10, now: now.addingTimeInterval(59), lease: 60).isEmpty,
                "claimed until the lease ends, by this process or another")
        let retaken = try other.claimWebhookDeliveries(endpoint: hooks.endpoints[0], limit: 10, now: now.addingTimeInterval(61), lease: 60)
        #expect(retaken.map(\.event.id) == [sent.id] && retaken.first?.attempt == 2, "an expired claim is due again, same event id")
        let stale = try #require(first.first), current = try #require(retaken.first)
        #expect(try store.finish(stale, with: .delivered, now: now.addingTimeInterval(62)) == false, "the expired claim cannot record")
        #expect(try other.finish(current, with: .retry(at: now.addingTimeInterval(100), error: "HTTP 500"), now: now.addingTimeInterval(62)))
        #expect(try store.claimWebhookDeliveries(endpoint: hooks.endpoints[0], limit: 10, now: now.addingTimeInterval(99), lease: 60).isEmpty)
        let third = try store.claimWebhookDeliveries(endpoint: hooks.endpoints[0], limit: 10, now: now.addingTimeInterval(100), lease: 60)
        #expect(third.first?.attempt == 3)
        #expect(try store.finish(try #require(third.first), with: .delivered, now: now.addingTimeInterval(101)))
        #expect(try store.claimWebhookDeliveries(endpoint: hooks.endpoints[0], limit: 10, now: now.addingTimeInterval(1000), lease: 60).isEmpty)

        let second = try store.claimWebhookDeliveries(endpoint: hooks.endpoints[1], limit: 10, now: now, lease: 60)
        #expect(second.map(\.event.id) == [sent.id], "each endpoint has its own delivery")
        #expect(try store.webhookDeliveryCounts() == (pending: 1, abandoned: 0))
        #expect(try store.finish(try #require(second.first), with: .abandoned(error: "given up"), now: now))
        #expect(try other.webhookDeliveryCounts() == (pending: 0, abandoned: 1))

        let accepted = try #require(try store.events(messageID: "w1").first)
        #expect(try store.replay(eventID: accepted.id, now: now.addingTimeInterval(2000)) == accepted)
        for endpoint in hooks.endpoints {
            let replayed = try store.claimWebhookDeliveries(endpoint: endpoint, limit: 10, now: now.addingTimeInterval(2000), lease: 60)
            #expect(replayed.map(\.event.id) == [accepted.id] && replayed.first?.attempt == 1, "a replay goes to every endpoint")
        }
        #expect(try store.replay(eventID: "evt_unknown", now: now) == nil)
    }

    @Test("a purged message's events go once their deliveries are done", arguments: StoreKind.allCases)
    func purge(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base, subscriptions: hooks)
        _ = try store.enqueue(Fixtures.message(id: "p1"), sendAt: now.addingTimeInterval(60), fingerprint: "f", now: now)
        _ = try store.cancel(id: "p1", now: now)
        #expect(try store.purgeFinished(before: now.addingTimeInterval(10)) == 1)
        #expect(try store.find(id: "p1") == nil)
        #expect(try store.events(messageID: "p1").map(\.type) == [.accepted, .cancelled], "kept while a delivery is pending")
        for endpoint in hooks.endpoints {
            let claimed = try store.claimWebhookDeliveries(endpoint: endpoint, limit: 10, now: now, lease: 60)
            for delivery in claimed { try store.finish(delivery, with: .delivered, now: now) }
        }
        #expect(try store.purgeFinished(before: now.addingTimeInterval(10)) == 0)
        #expect(try store.events(messageID: "p1").isEmpty)
    }
}
