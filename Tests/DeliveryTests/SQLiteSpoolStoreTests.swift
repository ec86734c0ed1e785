import Foundation
import Locking
import Testing
@testable import Delivery

/// What only the SQLite store has: its schema, its exact shared counts, and how it survives bad rows.
@Suite("SQLite spool store")
struct SQLiteSpoolStoreTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("an outcome is recorded from the claim's own record only while the row still says it is that claim")
    func outcomesCheckTheRowNotTheClaimsCopy() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let worker = try SQLiteSpoolStore(path: path), other = try SQLiteSpoolStore(path: path)
        for id in ["kept", "changed"] { _ = try worker.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: "f", now: now) }
        #expect(try worker.claimDue(limit: 2, now: now).count == 2)
        let sent = try worker.complete(id: "kept", attempt: 1, with: .sent, now: now)
        #expect(sent.state == .sent && sent.attempts == 1 && sent.message == Fixtures.message(id: "kept"))
        // Another process's store finishes the other one first: the claim's copy is then out of date.
        try other.complete(id: "changed", attempt: 1, with: .failed(error: "550"), now: now)
        #expect(throws: SpoolError.notSending(id: "changed", state: .failed)) { try worker.complete(id: "changed", attempt: 1, with: .sent, now: now) }
        #expect(try worker.find(id: "changed")?.state == .failed)
    }

    @Test("the schema is created once and recorded; a database from a newer Herald is refused")
    func migrations() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        _ = try SQLiteSpoolStore(path: path)
        _ = try SQLiteSpoolStore(path: path)
        #expect(try Self.integers("SELECT version FROM herald_migrations ORDER BY version", path) == Array(1...SQLiteSchema.migrations.count))
        #expect(try Self.texts("PRAGMA journal_mode", path) == ["wal"])

        try Self.execute("INSERT INTO herald_migrations (version, applied_at) VALUES (999, 0)", path)
        #expect(throws: SpoolError.schemaTooNew(found: 999, known: SQLiteSchema.migrations.count)) { try SQLiteSpoolStore(path: path) }
    }

    @Test("migration 5 rebuilds the due index with comparisons; messages queued before are still claimed in due order")
    func dueIndexMigration() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let store = try SQLiteSpoolStore(path: path)
        _ = try store.enqueue(Fixtures.message(id: "later"), sendAt: now.addingTimeInterval(60), fingerprint: "f", now: now)
        _ = try store.enqueue(Fixtures.message(id: "sooner"), sendAt: nil, fingerprint: "f", now: now)
        // Back to the index and version of migration 4, as a database of the previous release has them.
        try Self.execute(
            """
            DROP INDEX messages_due;
            CREATE INDEX messages_due ON messages(due_at) WHERE state IN ('queued', 'scheduled', 'retrying');
            DELETE FROM herald_migrations WHERE version = 5;
            """, path)

        let migrated = try SQLiteSpoolStore(path: path)
        #expect(try Self.integers("SELECT max(version) FROM herald_migrations", path) == [SQLiteSchema.migrations.count])
        #expect(try Self.texts("SELECT sql FROM sqlite_master WHERE name = 'messages_due'", path) == [
            "CREATE INDEX messages_due ON messages(due_at) WHERE \(SQLiteSpoolStore.due)",
        ])
        #expect(try migrated.nextDueDate() == now)
        #expect(try migrated.claimDue(limit: 5, now: now.addingTimeInterval(120)).map(\.id) == ["sooner", "later"])
    }

    @Test("several processes starting at once on a new file migrate it once")
    func concurrentFirstOpen() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do { _ = try SQLiteSpoolStore(path: path) } catch { failures.withLock { $0.append("\(error)") } }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try Self.integers("SELECT count(*) FROM herald_migrations", path) == [SQLiteSchema.migrations.count])
    }

    @Test("a row that no longer decodes is marked failed with the reason; the others are still delivered")
    func corruptRowIsSetAside() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let store = try SQLiteSpoolStore(path: path)
        let bad = ["bad-json", "bad-format", "truncated", "bad-utf8", "trailing", "no-body"]
        for id in ["a"] + bad + ["c"] { _ = try store.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: "f", now: now) }
        try Self.execute("UPDATE message_bodies SET message = X'7B2269' WHERE id = 'bad-json'", path)
        try Self.execute("UPDATE message_bodies SET message = X'02' || substr(message, 2) WHERE id = 'bad-format'", path)
        try Self.execute("UPDATE message_bodies SET message = substr(message, 1, length(message) / 2) WHERE id = 'truncated'", path)
        try Self.execute("UPDATE message_bodies SET message = X'0104FF' || substr(message, 3) WHERE id = 'bad-utf8'", path)
        try Self.execute("UPDATE message_bodies SET message = message || X'00' WHERE id = 'trailing'", path)
        try Self.execute("DELETE FROM message_bodies WHERE id = 'no-body'", path)

        let reopened = try SQLiteSpoolStore(path: path)
        #expect(try reopened.beginWorking(wake: {}).isEmpty)
        #expect(try reopened.claimDue(limit: 10, now: now).map(\.id).sorted() == ["a", "c"])
        for id in bad {
            #expect(try Self.texts("SELECT state FROM messages WHERE id = '\(id)'", path) == ["failed"], "\(id)")
            #expect(try Self.texts("SELECT last_error FROM messages WHERE id = '\(id)'", path).first?.hasPrefix("unreadable record") == true)
            #expect(throws: SpoolError.self) { try reopened.find(id: id) }
        }
        #expect(try reopened.counts()[.failed] == bad.count)
        reopened.endWorking()
    }

    @Test("counts are exact across processes: another store's enqueue and cancel count at once")
    func exactCountsAcrossStores() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let other = try SQLiteSpoolStore(path: path)
        let store = try SQLiteSpoolStore(path: path, capacity: 2)
        _ = try other.enqueue(Fixtures.message(id: "o1"), sendAt: now.addingTimeInterval(60), fingerprint: "a", now: now)
        _ = try other.enqueue(Fixtures.message(id: "o2"), sendAt: now.addingTimeInterval(60), fingerprint: "a", now: now)
        #expect(throws: SpoolError.full(capacity: 2)) { try store.enqueue(Fixtures.message(id: "mine"), sendAt: nil, fingerprint: "a", now: now) }
        _ = try other.cancel(id: "o1", now: now)
        #expect(try store.enqueue(Fixtures.message(id: "mine"), sendAt: nil, fingerprint: "a", now: now).disposition == .created)
        #expect(try store.counts() == [.queued: 1, .scheduled: 1, .cancelled: 1, .sending: 0, .sent: 0, .retrying: 0, .failed: 0, .unknown: 0])
    }

    @Test("two stores on one file enqueue from many threads at once: every message stored, none refused as busy")
    func concurrentWritersWait() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let stores = [try SQLiteSpoolStore(path: path), try SQLiteSpoolStore(path: path)]
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            do {
                _ = try stores[index % 2].enqueue(Fixtures.message(id: "w\(index)", key: "k\(index % 50)"), sendAt: nil, fingerprint: "f\(index % 50)", now: now)
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        #expect(try stores[0].unfinishedCount() == 50, "one message per key; the rest replayed")
        #expect(try Self.integers("SELECT count(*) FROM messages", path) == [50])
    }

    @Test("in one shared transaction a refused enqueue (duplicate id, full) undoes only itself")
    func refusalsInsideABatchAreIsolated() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try SQLiteSpoolStore(path: base + "/herald.db", capacity: 150)
        _ = try store.enqueue(Fixtures.message(id: "taken"), sendAt: nil, fingerprint: "f", now: now)
        let outcomes = Locked<[String: String]>([:])
        DispatchQueue.concurrentPerform(iterations: 200) { index in
            let id = index % 10 == 0 ? "taken" : "b\(index)"
            let outcome: String
            do {
                // A reused id with another request: a different message, refused.
                outcome = "\(try store.enqueue(Fixtures.message(id: id), sendAt: nil, fingerprint: id == "taken" ? "other" : "f", now: now).disposition)"
            } catch {
                outcome = "\(error)"
            }
            outcomes.withLock { $0["\(index)"] = outcome }
        }
        let all = outcomes.withLock { $0 }
        let duplicates = all.filter { Int($0.key).map { $0 % 10 == 0 } ?? false }
        // Capacity is checked first, so once the store is full a reused id is refused as full.
        #expect(duplicates.values.allSatisfy { $0 == "\(SpoolError.duplicateID("taken"))" || $0 == "\(SpoolError.full(capacity: 150))" })
        #expect(duplicates.values.contains("\(SpoolError.duplicateID("taken"))"))
        let others = all.filter { Int($0.key).map { $0 % 10 != 0 } ?? false }.values
        #expect(others.filter { $0 == "created" }.count == 149, "capacity 150 with one stored: 149 created")
        #expect(others.filter { $0 == "\(SpoolError.full(capacity: 150))" }.count == 31)
        #expect(try store.unfinishedCount() == 150)
        #expect(try Self.integers("SELECT count(*) FROM messages", base + "/herald.db") == [150])
    }

    @Test("an enqueue refused after it wrote (a replacement whose new id is taken) undoes only itself; its batch is stored")
    func refusalAfterWritingIsIsolated() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try SQLiteSpoolStore(path: base + "/herald.db")
        _ = try store.enqueue(Fixtures.message(id: "taken"), sendAt: nil, fingerprint: "f", now: now)
        _ = try store.enqueue(Fixtures.message(id: "first", key: "k"), sendAt: now.addingTimeInterval(3600), fingerprint: "a", now: now)
        let results = store.enqueue([
            EnqueueRequest(message: Fixtures.message(id: "before"), sendAt: nil, fingerprint: "f"),
            // Cancels `first` and records the event, then fails on the id: both must be undone.
            EnqueueRequest(message: Fixtures.message(id: "taken", key: "k"), sendAt: nil, fingerprint: "b"),
            EnqueueRequest(message: Fixtures.message(id: "after"), sendAt: nil, fingerprint: "f"),
        ], now: now)
        #expect(results.map { result in (try? result.get()).map { "\($0.disposition)" } ?? "\(result)" } == [
            "created", "\(Result<EnqueueResult, SpoolError>.failure(.duplicateID("taken")))", "created",
        ])
        #expect(try store.find(id: "first")?.state == .scheduled)
        #expect(try store.find(key: "k")?.id == "first")
        #expect(try store.events(messageID: "first").map(\.type) == [.accepted])
        #expect(try store.counts() == [.queued: 3, .scheduled: 1, .cancelled: 0, .sending: 0, .sent: 0, .retrying: 0, .failed: 0, .unknown: 0])
    }

    // MARK: - Reading the file directly

    private static func execute(_ sql: String, _ path: String) throws {
        try SQLiteConnection(path: path, busyTimeout: 5_000).execute(sql)
    }

    private static func integers(_ sql: String, _ path: String) throws -> [Int] {
        var values: [Int] = []
        try SQLiteConnection(path: path, busyTimeout: 5_000).query(sql) { row in
            values.append(Int(row.integer(0)))
        }
        return values
    }

    private static func texts(_ sql: String, _ path: String) throws -> [String] {
        var values: [String] = []
        try SQLiteConnection(path: path, busyTimeout: 5_000).query(sql) { row in
            if let text = row.text(0) { values.append(text) }
        }
        return values
    }
}

@Suite("Store location (HERALD_STORE)")
struct StoreLocationTests {
    @Test("sqlite:PATH and a bare path are SQLite; other schemes are clear errors that never echo a password")
    func parsing() throws {
        #expect(try StoreLocation(parsing: "sqlite:./var/herald.db") == .sqlite(path: "./var/herald.db"))
        #expect(try StoreLocation(parsing: "/srv/herald/queue.db") == .sqlite(path: "/srv/herald/queue.db"))
        #expect(try StoreLocation(parsing: "relative/q.db") == .sqlite(path: "relative/q.db"))
        #expect(StoreLocation.standard.description == "sqlite:./var/herald.db")
        for bad in ["", "sqlite:", "mysql://root:hunter2@db/x", "postgres://herald:hunter2@db:99999/herald",
                    "postgresql://herald:hunter2@db/a/b", "postgres://herald:hunter2@db/herald?password=hunter2"] {
            #expect(throws: StoreLocationError.self) { try StoreLocation(parsing: bad) }
            do {
                _ = try StoreLocation(parsing: bad)
            } catch {
                #expect(!error.description.contains("hunter2"), "\(error)")
            }
        }
    }

    @Test("postgres:// and postgresql:// are PostgreSQL URIs, taken apart for libpq; shown without the password")
    func postgresParsing() throws {
        let parsed = try StoreLocation(parsing: "postgres://herald:hunter2@db.internal:5433/herald?sslmode=verify-full")
        guard case .postgres(let location) = parsed else { Issue.record("not PostgreSQL: \(parsed)"); return }
        #expect(location == PostgresLocation(user: "herald", password: "hunter2", host: "db.internal", port: 5433, database: "herald",
                                             options: ["sslmode": "verify-full"]))
        #expect(parsed.description == "postgres://herald@db.internal:5433/herald?sslmode=verify-full")
        #expect(location.parameters.map(\.keyword) == ["host", "port", "dbname", "user", "password", "sslmode"])
        let escaped = try StoreLocation(parsing: "postgresql://app:p%40ss%3Aword@10.0.0.5/mail")
        guard case .postgres(let other) = escaped else { Issue.record("not PostgreSQL"); return }
        #expect(other.password == "p@ss:word" && other.port == nil && other.database == "mail")
        #expect(!escaped.description.contains("p%40ss") && !escaped.description.contains("p@ss"))
    }

    @Test("open creates the database's folder")
    func openCreatesTheFolder() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try StoreLocation.sqlite(path: base + "/nested/var/herald.db").open(capacity: 10)
        #expect(try store.unfinishedCount() == 0)
        #expect(FileManager.default.fileExists(atPath: base + "/nested/var/herald.db"))
    }
}
