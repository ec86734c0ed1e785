import Foundation
import Locking
import Messages
import Testing
import TestSupport
@testable import Delivery

/// What only the PostgreSQL store has: its schema under an advisory lock, its notifications, its
/// leases recovered by another instance's worker, and how it survives bad rows.
@Suite("PostgreSQL spool store", .postgresServer)
struct PostgresSpoolStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    private func database() throws -> (server: PostgresServer, name: String, location: PostgresLocation) {
        let server = try #require(PostgresServer.current)
        let name = try server.createDatabase()
        guard case .postgres(let location) = try StoreLocation(parsing: server.uri(database: name)) else {
            throw SpoolError.invalidConfiguration("not a PostgreSQL URI")
        }
        return (server, name, location)
    }

    /// Ends every session of database `name` but the asking one, as a server restart would; how many.
    private func endSessions(of name: String, on server: PostgresServer) throws -> Int {
        try #require(Int(try server.psql(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(name)' AND pid <> pg_backend_pid()",
            database: name)))
    }

    @Test("six instances starting at once on an empty database migrate it once; a schema from a newer Herald is refused")
    func migrations() throws {
        let (server, name, location) = try database()
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do { _ = try PostgresSpoolStore(location: location) } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try server.psql("SELECT string_agg(version::text, ',' ORDER BY version) FROM herald_migrations", database: name)
                == (1...PostgresSchema.migrations.count).map(String.init).joined(separator: ","))
        #expect(try server.psql(
            "SELECT attcompression FROM pg_attribute WHERE attrelid = 'messages'::regclass AND attname = 'body'", database: name) == "l",
            "stored messages are compressed with lz4, not pglz")

        try server.psql("INSERT INTO herald_migrations (version) VALUES (999)", database: name)
        #expect(throws: SpoolError.schemaTooNew(found: 999, known: PostgresSchema.migrations.count)) { try PostgresSpoolStore(location: location) }
        #expect(SpoolError.schemaTooNew(found: 999, known: 1).description.contains("newer than the 1 this Herald knows; upgrade Herald"))
    }

    @Test("a wrong password is a clear error that never shows it")
    func wrongPassword() throws {
        var (_, _, location) = try database()
        location.password = "not-the-password"
        do {
            _ = try PostgresSpoolStore(location: location)
            Issue.record("connected with a wrong password")
        } catch {
            #expect(error.description.contains("password authentication failed"), "\(error)")
            #expect(!error.description.contains("not-the-password"))
        }
    }

    @Test("a row that no longer decodes is marked failed with the reason when claimed; the others are delivered")
    func corruptRowIsSetAside() throws {
        let (server, name, location) = try database()
        let store = try PostgresSpoolStore(location: location)
        for id in ["a", "bad", "c"] { _ = try store.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: "f", now: now) }
        try server.psql("UPDATE messages SET body = convert_to('{\"i', 'UTF8') WHERE id = 'bad'", database: name)
        #expect(try store.claimDue(limit: 10, now: now).map(\.id).sorted() == ["a", "c"])
        #expect(try server.psql("SELECT state FROM messages WHERE id = 'bad'", database: name) == "failed")
        #expect(try server.psql("SELECT last_error FROM messages WHERE id = 'bad'", database: name).hasPrefix("unreadable record"))
        #expect(throws: SpoolError.self) { try store.find(id: "bad") }
        #expect(try store.counts()[.failed] == 1)
    }

    /// Before migration 4 the message was its JSON in `message`; such rows are still read as they are.
    @Test("a message stored as JSON by an earlier Herald is claimed, delivered and found like any other")
    func messageStoredAsJSONIsRead() throws {
        let (server, name, location) = try database()
        let store = try PostgresSpoolStore(location: location)
        let message = Fixtures.message(id: "earlier", body: "Hello Zoë,\r\n$json$ stays text\r\n")
        _ = try store.enqueue(message, sendAt: nil, fingerprint: "f", now: now)
        let json = String(decoding: try JSONEncoder().encode(message), as: UTF8.self)
        try server.psql("UPDATE messages SET body = NULL, message = $stored$\(json)$stored$ WHERE id = 'earlier'", database: name)
        #expect(try server.psql("SELECT body IS NULL FROM messages WHERE id = 'earlier'", database: name) == "t")
        let claimed = try #require(try store.claimDue(limit: 10, now: now).first)
        #expect(claimed.message == message)
        try store.complete(id: "earlier", attempt: 1, with: .sent, now: now)
        #expect(try store.find(id: "earlier")?.message == message)
        #expect(try store.find(id: "earlier")?.state == .sent)
    }

    @Test("counts are exact across instances without a counter row to wait on; folding the changes in keeps them exact")
    func countsAcrossInstances() throws {
        let (server, name, location) = try database()
        let other = try PostgresSpoolStore(location: location), store = try PostgresSpoolStore(location: location, capacity: 2)
        _ = try other.enqueue(Fixtures.message(id: "o1"), sendAt: now.addingTimeInterval(60), fingerprint: "a", now: now)
        _ = try other.enqueue(Fixtures.message(id: "o2"), sendAt: now.addingTimeInterval(60), fingerprint: "a", now: now)
        #expect(throws: SpoolError.full(capacity: 2)) { try store.enqueue(Fixtures.message(id: "mine"), sendAt: nil, fingerprint: "a", now: now) }
        _ = try other.cancel(id: "o1", now: now)
        #expect(try store.enqueue(Fixtures.message(id: "mine"), sendAt: nil, fingerprint: "a", now: now).disposition == .created)
        let expected: [DeliveryState: Int] = [.queued: 1, .scheduled: 1, .cancelled: 1, .sending: 0, .sent: 0, .retrying: 0, .failed: 0, .unknown: 0]
        #expect(try store.counts() == expected)
        let before = try #require(Int(try server.psql("SELECT count(*) FROM state_count_changes", database: name)))
        // The first write after a second folds the changes into state_counts.
        Thread.sleep(forTimeInterval: PostgresSpoolStore.compactionInterval)
        _ = try other.enqueue(Fixtures.message(id: "later"), sendAt: now.addingTimeInterval(60), fingerprint: "a", now: now)
        #expect(try #require(Int(try server.psql("SELECT count(*) FROM state_count_changes", database: name))) < before)
        #expect(try other.counts() == expected.merging([.scheduled: 2]) { $1 })
        #expect(try other.unfinishedCount() == 3)
    }

    /// A server restart, a failover or an idle-session killer ends the connections a pool holds; the
    /// next request on each must not be the one that finds out.
    @Test("connections the server ended while idle in the pool are replaced: the next enqueue, status, claim and outcome succeed")
    func connectionsEndedByTheServerAreReplaced() throws {
        let (server, name, location) = try database()
        let store = try PostgresSpoolStore(location: location)
        _ = try store.enqueue(Fixtures.message(id: "before"), sendAt: nil, fingerprint: "f", now: now)
        let ended = try endSessions(of: name, on: server)
        #expect(ended > 0, "the store's pooled connection was ended")
        #expect(try store.enqueue(Fixtures.message(id: "after"), sendAt: nil, fingerprint: "f", now: now).disposition == .created)
        #expect(try store.find(id: "before")?.state == .queued)
        let claimed = try store.claimDue(limit: 10, now: now)
        #expect(Set(claimed.map(\.id)) == ["before", "after"])
        _ = try endSessions(of: name, on: server)
        #expect(store.complete(claimed.map { (id: $0.id, attempt: $0.attempts, update: OutcomeUpdate.sent) }, now: now).allSatisfy { (try? $0.get()) != nil })
        #expect(try store.counts()[.sent] == 2)
    }

    /// The server ends every session of the database again and again while callers enqueue and the
    /// worker claims, delivers and records outcomes. An enqueue may fail then (its transaction was cut
    /// off), but only with a connection error; every accepted message reaches the outbox exactly once.
    @Test("sessions ended by the server while enqueues and deliveries run: every accepted message is delivered exactly once")
    func sessionsEndedDuringWork() throws {
        let (server, name, location) = try database()
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let outbox = OutboxTransport(path: directory + "/outbox.jsonl")
        // Leases long enough that a loaded machine's late renewal never hands a delivery in flight to
        // a second attempt; a claim whose reply was lost still comes back within the wait below.
        let spool = Spool(store: try PostgresSpoolStore(location: location, leaseDuration: 5), transport: outbox,
                          options: WorkerOptions(concurrency: 2, idlePoll: 0.05, leaseDuration: 5), log: .silent)
        try spool.start()
        defer { spool.stop() }
        let accepted = Locked<[String]>([]), refused = Locked<[String]>([]), finished = Locked(0)
        let submitters = 4
        for submitter in 0..<submitters {
            Thread {
                for index in 0..<25 {
                    let id = "storm-\(submitter)-\(index)"
                    do throws(SpoolError) {
                        _ = try spool.enqueue(Fixtures.message(id: id), fingerprint: id)
                        accepted.withLock { $0.append(id) }
                    } catch {
                        let isConnectionFailure = if case .postgres(let failure) = error { failure.isConnectionFailure } else { false }
                        refused.withLock { $0.append(isConnectionFailure ? id : "\(id): \(error)") }
                    }
                }
                finished.withLock { $0 += 1 }
            }.start()
        }
        var endings = 0
        while finished.withLock({ $0 }) < submitters, endings < 200 {
            _ = try endSessions(of: name, on: server)
            endings += 1
        }
        #expect(waitUntil(timeout: 60) { finished.withLock { $0 } == submitters })
        let ids = accepted.withLock { $0 }
        #expect(refused.withLock { $0 }.allSatisfy { $0.hasPrefix("storm-") && !$0.contains(":") }, "only connection failures: \(refused.withLock { $0 })")
        #expect(ids.count > 0)
        for id in ids { #expect(try spool.waitUntilFinished(id: id, timeout: 60)?.status == .sent, "\(id)") }
        let copies = Dictionary(grouping: try OutboxReader(path: outbox.path).records(), by: \.composed.id).mapValues(\.count)
        #expect(copies.filter { $0.value > 1 }.isEmpty, "delivered twice: \(copies.filter { $0.value > 1 })")
        #expect(Set(ids).isSubset(of: Set(copies.keys)))
    }

    @Test("an enqueue through one instance wakes an idle worker of another (LISTEN/NOTIFY)")
    func notifyWakesOtherWorkers() throws {
        let (_, _, location) = try database()
        let worker = try PostgresSpoolStore(location: location), sender = try PostgresSpoolStore(location: location)
        let wakes = Locked(0)
        #expect(try worker.beginWorking { wakes.withLock { $0 += 1 } }.isEmpty)
        defer { worker.endWorking() }
        _ = try sender.enqueue(Fixtures.message(id: "notified"), sendAt: nil, fingerprint: "f", now: now)
        #expect(waitUntil(timeout: 5) { wakes.withLock { $0 } > 0 })
    }

    @Test("an instance died holding leases: another instance's worker takes them over once expired and asks the outbox (exactly once)")
    func expiredLeasesAreRecovered() throws {
        let (_, _, location) = try database()
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let outbox = OutboxTransport(path: directory + "/outbox.jsonl")
        let dead = try PostgresSpoolStore(location: location, leaseDuration: 1)
        for id in ["reached-outbox", "never-sent"] { _ = try dead.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: "f", now: Date()) }
        let claimed = try dead.claimDue(limit: 10, now: Date())
        #expect(claimed.count == 2)
        // It wrote one of them to the outbox, then died before recording the outcome (and stopped renewing).
        let delivered = try #require(claimed.first { $0.id == "reached-outbox" })
        #expect(outbox.deliver(delivered.message, attempt: DeliveryAttempt(number: 1, mayHaveBeenDelivered: false)) == .accepted)

        let alive = try PostgresSpoolStore(location: location, leaseDuration: 1)
        let spool = Spool(store: alive, transport: outbox, options: WorkerOptions(concurrency: 2, idlePoll: 0.05, leaseDuration: 1), log: .silent)
        try spool.start()
        defer { spool.stop() }
        for id in ["reached-outbox", "never-sent"] {
            #expect(try spool.waitUntilFinished(id: id, timeout: 10)?.status == .sent, "\(id)")
        }
        let copies = Dictionary(grouping: try OutboxReader(path: outbox.path).records(), by: \.composed.id).mapValues(\.count)
        #expect(copies == ["reached-outbox": 1, "never-sent": 1])
        #expect(throws: SpoolError.notSending(id: "never-sent", state: .sent)) { try dead.complete(id: "never-sent", attempt: 1, with: .sent, now: Date()) }
    }

    /// A claim whose commit happened but whose reply was lost returned nothing to its worker, which
    /// will never deliver those messages: renewing them would keep them `sending` while it lives.
    @Test("only the leases a claim returned are renewed: rows claimed under this instance's name without a reply expire and are recovered")
    func onlyReturnedClaimsAreRenewed() throws {
        let (server, name, location) = try database()
        let store = try PostgresSpoolStore(location: location, leaseDuration: 1)
        let start = Date()
        _ = try store.enqueue(Fixtures.message(id: "returned"), sendAt: nil, fingerprint: "f", now: start)
        _ = try store.enqueue(Fixtures.message(id: "reply-lost"), sendAt: start.addingTimeInterval(3600), fingerprint: "f", now: start)
        #expect(try store.claimDue(limit: 10, now: start).map(\.id) == ["returned"])
        try server.psql(
            """
            UPDATE messages SET state = 'sending', attempts = attempts + 1,
                (claimed_by, lease_until) = (SELECT claimed_by, lease_until FROM messages WHERE id = 'returned')
            WHERE id = 'reply-lost'
            """, database: name)
        try store.renewLeases(now: start.addingTimeInterval(10))
        let other = try PostgresSpoolStore(location: location, leaseDuration: 1)
        #expect(try other.claimExpired(limit: 10, now: start.addingTimeInterval(5)).map(\.id) == ["reply-lost"])
        // An outcome refused because the lease was taken over ends the hold as one written does.
        let instance = try server.psql("SELECT claimed_by FROM messages WHERE id = 'returned'", database: name)
        try server.psql("UPDATE messages SET claimed_by = 'another instance' WHERE id = 'returned'", database: name)
        #expect(throws: SpoolError.leaseLost(id: "returned")) { try store.complete(id: "returned", attempt: 1, with: .sent, now: start) }
        try server.psql("UPDATE messages SET claimed_by = '\(instance)' WHERE id = 'returned'", database: name)
        let renewedUntil = start.addingTimeInterval(30)
        try store.renewLeases(now: renewedUntil)
        #expect(try server.psql(
            "SELECT lease_until < \(renewedUntil.timeIntervalSinceReferenceDate) FROM messages WHERE id = 'returned'", database: name) == "t",
            "not renewed once its outcome was refused")
    }

    /// The outcome writer retries an attempt's outcome through an outage; meanwhile the message may be
    /// claimed again. That late outcome is refused, and must not end the later attempt's lease.
    @Test("a refused outcome of an earlier attempt leaves the lease of the attempt in flight held and renewed")
    func staleOutcomeKeepsTheLaterClaimsLease() throws {
        let (server, name, location) = try database()
        let store = try PostgresSpoolStore(location: location, leaseDuration: 1)
        let start = Date()
        _ = try store.enqueue(Fixtures.message(id: "again"), sendAt: nil, fingerprint: "f", now: start)
        #expect(try store.claimDue(limit: 1, now: start).map(\.attempts) == [1])
        try store.complete(id: "again", attempt: 1, with: .retry(at: start, error: "421 busy", mayHaveBeenDelivered: false), now: start)
        #expect(try store.claimDue(limit: 1, now: start).map(\.attempts) == [2])
        #expect(throws: SpoolError.claimSuperseded(id: "again", attempt: 1, current: 2)) {
            try store.complete(id: "again", attempt: 1, with: .sent, now: start)
        }
        let renewedAt = start.addingTimeInterval(30)
        try store.renewLeases(now: renewedAt)
        #expect(try server.psql(
            "SELECT lease_until > \(renewedAt.timeIntervalSinceReferenceDate) FROM messages WHERE id = 'again'", database: name) == "t",
            "attempt 2 is still held: its lease was renewed")
        let other = try PostgresSpoolStore(location: location, leaseDuration: 1)
        #expect(try other.claimExpired(limit: 10, now: renewedAt.addingTimeInterval(0.5)).isEmpty)
        #expect(try store.complete(id: "again", attempt: 2, with: .sent, now: renewedAt).state == .sent)
    }

    @Test("a worker renews its leases while a message is in flight: a slow delivery is not taken over")
    func leasesAreRenewedInFlight() throws {
        let (_, _, location) = try database()
        let slow = SlowTransport(seconds: 2.5)
        let spool = Spool(store: try PostgresSpoolStore(location: location, leaseDuration: 1), transport: slow,
                          options: WorkerOptions(concurrency: 1, idlePoll: 0.05, leaseDuration: 1), log: .silent)
        let other = try PostgresSpoolStore(location: location, leaseDuration: 1)
        try spool.start()
        defer { spool.stop() }
        _ = try spool.enqueue(Fixtures.message(id: "slow"), fingerprint: "f")
        #expect(waitUntil(timeout: 5) { slow.started.withLock { $0 } })
        let taken = Locked<[String]>([])
        waitUntil(timeout: 2) {
            taken.withLock { $0 += ((try? other.claimExpired(limit: 10, now: Date())) ?? []).map(\.id) }
            return false
        }
        #expect(taken.withLock { $0 }.isEmpty, "the lease was renewed while the delivery ran")
        #expect(try spool.waitUntilFinished(id: "slow", timeout: 10)?.status == .sent)
    }
}

/// A transport that takes `seconds` per delivery (a slow relay).
private final class SlowTransport: Transport {
    let seconds: TimeInterval
    let started = Locked(false)

    init(seconds: TimeInterval) { self.seconds = seconds }

    func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        started.withLock { $0 = true }
        Thread.sleep(forTimeInterval: seconds)
        return .accepted
    }

    func priorDelivery(of message: ComposedMessage) -> PriorDelivery { .cannotTell }
}
