import Foundation
import Messages
import Testing
@testable import Delivery

/// `SpoolStore.messages(matching:)` on every store: 10,000 messages of three kinds, forty recipients,
/// keys, four states and ties in creation time; every search paged through must give exactly the ids
/// a plain filter over the same messages gives, newest first.
@Suite("Message search", .postgresServer)
struct MessageSearchTests {
    /// What the test knows about each message it stored, to compute the expected answers.
    struct Stored {
        var id: String
        var createdAt: Date
        var kind: String
        var recipients: [String]
        var key: String?
        var state: DeliveryState
    }

    static let start = Date(timeIntervalSince1970: 1_795_000_000.125)
    static let kinds = ["payment-approved", "installment-due", "check-in"]

    /// 10,000 messages in batches of 500, each batch created at one time (so order within it is by
    /// id), then 200 sent, 100 failed and 50 cancelled.
    static func fill(_ store: any SpoolStore) throws -> [Stored] {
        var stored: [Stored] = []
        for batch in 0..<20 {
            let now = start.addingTimeInterval(Double(batch) * 60)
            var requests: [EnqueueRequest] = []
            for index in batch * 500..<(batch + 1) * 500 {
                let id = String(format: "h-%05d", index)
                var recipients = ["User\(index % 40)@Example.com"]
                if index % 7 == 0 { recipients.append("shared@example.com") }
                let key = index % 5 == 0 ? "order-\(index / 50)/message-\(index)" : nil
                var message = Fixtures.message(id: id, key: key)
                message.message = kinds[index % 3]
                message.to = recipients.map { EmailAddress(email: $0) }
                requests.append(EnqueueRequest(message: message, sendAt: nil, fingerprint: id))
                stored.append(Stored(id: id, createdAt: now, kind: message.message, recipients: recipients.map { $0.lowercased() }, key: key, state: .queued))
            }
            for result in store.enqueue(requests, now: now) { _ = try result.get() }
        }
        let end = start.addingTimeInterval(20 * 60)
        let claimed = try store.claimDue(limit: 300, now: end)
        #expect(claimed.count == 300)
        for (position, record) in claimed.enumerated() {
            let update: OutcomeUpdate = position < 200 ? .sent : .failed(error: "550 no such user")
            try store.complete(id: record.id, attempt: record.attempts, with: update, now: end)
            let index = try #require(Int(record.id.dropFirst(2)))
            stored[index].state = position < 200 ? .sent : .failed
        }
        for index in 5_000..<5_050 {
            guard case .cancelled = try store.cancel(id: stored[index].id, now: end) else {
                Issue.record("\(stored[index].id) was not cancelled")
                continue
            }
            stored[index].state = .cancelled
        }
        return stored
    }

    /// Every page of `query` (its limit as the page size), the ids in order.
    static func allPages(_ store: any SpoolStore, _ query: MessageQuery) throws -> [String] {
        var ids: [String] = []
        var query = query
        for _ in 0..<1_000 {
            let page = try store.messages(matching: query)
            #expect(page.messages.count <= query.limit)
            ids += page.messages.map(\.id)
            guard let next = page.next else { return ids }
            #expect(page.messages.count == query.limit, "only a full page has a next one")
            query.cursor = next
        }
        Issue.record("more than 1,000 pages")
        return ids
    }

    static func newestFirst(_ stored: [Stored], where condition: (Stored) -> Bool) -> [String] {
        stored.filter(condition).sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }.map(\.id)
    }

    @Test("filters and cursors over 10,000 messages return exactly the expected ids, newest first", arguments: StoreKind.allCases)
    func filtersAndCursors(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        let stored = try Self.fill(store)
        let windowStart = Self.start.addingTimeInterval(3 * 60), windowEnd = Self.start.addingTimeInterval(7 * 60)
        let cases: [(String, MessageQuery, (Stored) -> Bool)] = [
            ("everything", MessageQuery(limit: 500), { _ in true }),
            ("failed", MessageQuery(statuses: [.failed], limit: 37), { $0.state == .failed }),
            ("sent or cancelled", MessageQuery(statuses: [.sent, .cancelled], limit: 64), { $0.state == .sent || $0.state == .cancelled }),
            ("one kind", MessageQuery(message: "check-in", limit: 137), { $0.kind == "check-in" }),
            ("a recipient in another case", MessageQuery(recipient: "USER7@example.COM", limit: 41), { $0.recipients.contains("user7@example.com") }),
            ("a shared recipient, still queued", MessageQuery(statuses: [.queued], recipient: "shared@example.com", limit: 100),
             { $0.recipients.contains("shared@example.com") && $0.state == .queued }),
            ("a key prefix", MessageQuery(keyPrefix: "order-12/", limit: 3), { $0.key?.hasPrefix("order-12/") == true }),
            ("one key", MessageQuery(key: "order-150/message-7500"), { $0.key == "order-150/message-7500" }),
            ("a time window, both ends exclusive", MessageQuery(createdAfter: windowStart, createdBefore: windowEnd, limit: 250),
             { $0.createdAt > windowStart && $0.createdAt < windowEnd }),
            ("kind, recipient and window", MessageQuery(message: "payment-approved", recipient: "user3@example.com", createdAfter: windowStart, limit: 9),
             { $0.kind == "payment-approved" && $0.recipients.contains("user3@example.com") && $0.createdAt > windowStart }),
            ("no match", MessageQuery(message: "no-such-kind"), { _ in false }),
        ]
        for (name, query, condition) in cases {
            let expected = Self.newestFirst(stored, where: condition)
            let found = try Self.allPages(store, query)
            #expect(found == expected, "\(name): \(found.count) found, \(expected.count) expected")
        }
        let failed = try #require(try store.messages(matching: MessageQuery(statuses: [.failed], limit: 1)).messages.first)
        #expect(failed.lastError == "550 no such user" && failed.attempts == 1 && failed.message != "")
        #expect(failed == (try store.find(id: failed.id)?.status), "a search gives the status GET /v1/messages/{id} gives")
    }

    @Test("a cursor is stable under inserts, and a replaced message keeps its key for search", arguments: StoreKind.allCases)
    func stableCursorAndReplacedKeys(kind: StoreKind) throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let store = try kind.open(base)
        for index in 0..<30 {
            _ = try store.enqueue(Fixtures.message(id: "c-\(index)"), sendAt: nil, fingerprint: "f", now: Self.start.addingTimeInterval(Double(index)))
        }
        let first = try store.messages(matching: MessageQuery(limit: 10))
        #expect(first.messages.map(\.id) == (20..<30).reversed().map { "c-\($0)" })
        for index in 30..<40 {
            _ = try store.enqueue(Fixtures.message(id: "c-\(index)"), sendAt: nil, fingerprint: "f", now: Self.start.addingTimeInterval(Double(index)))
        }
        let second = try store.messages(matching: MessageQuery(limit: 10, cursor: first.next))
        #expect(second.messages.map(\.id) == (10..<20).reversed().map { "c-\($0)" }, "newer messages never shift the next page")
        let cursor = try #require(second.next)
        #expect(MessageCursor(token: cursor.token) == cursor)

        let later = Self.start.addingTimeInterval(3_600)
        _ = try store.enqueue(Fixtures.message(id: "inv-a", key: "invoice-7"), sendAt: later, fingerprint: "a", now: Self.start.addingTimeInterval(100))
        _ = try store.enqueue(Fixtures.message(id: "inv-b", key: "invoice-7"), sendAt: later, fingerprint: "b", now: Self.start.addingTimeInterval(101))
        let byKey = try store.messages(matching: MessageQuery(key: "invoice-7"))
        #expect(byKey.messages.map(\.id) == ["inv-b", "inv-a"])
        #expect(byKey.messages.map(\.status) == [.scheduled, .cancelled])
        #expect(byKey.messages.last?.replacedBy == "inv-b" && byKey.messages.last?.key == "invoice-7")
    }

    @Test("messages stored before search existed are found after the migration; an unreadable row does not stop it")
    func migrationFillsSearchColumns() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let old = try SQLiteConnection(path: path, busyTimeout: 1_000)
        try old.execute("CREATE TABLE herald_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
        try old.execute(SQLiteSchema.migrations[0])
        try old.execute("INSERT INTO herald_migrations VALUES (1, 0)")
        var message = Fixtures.message(id: "before", key: "order-1/paid", to: "Ann@Example.com")
        message.message = "payment-approved"
        let body = Array(try JSONEncoder().encode(message))
        for (id, blob) in [("before", body), ("garbled", Array("{not json".utf8))] {
            _ = try old.run(
                """
                INSERT INTO messages (id, key, state, attempts, fingerprint, created_at, due_at, may_have_been_delivered, message)
                VALUES (?, NULL, 'queued', 0, 'f', ?, ?, 0, ?)
                """, [.text(id), .real(1), .real(1), .blob(blob)])
        }
        let store = try SQLiteSpoolStore(path: path)
        #expect(try store.messages(matching: MessageQuery(recipient: "ann@example.com")).messages.map(\.id) == ["before"])
        #expect(try store.messages(matching: MessageQuery(message: "payment-approved", keyPrefix: "order-1/")).messages.map(\.id) == ["before"])
        #expect(try store.messages(matching: MessageQuery()).messages.map(\.id).sorted() == ["before", "garbled"])
        // Its JSON moved to the bodies table (migration 4) and still reads back and delivers.
        #expect(try store.find(id: "before")?.message == message)
        #expect(try store.claimDue(limit: 10, now: Date(timeIntervalSinceReferenceDate: 2)).map(\.id) == ["before"])
        #expect(try store.complete(id: "before", attempt: 1, with: .sent, now: Date(timeIntervalSinceReferenceDate: 3)).message == message)
    }

    @Test("every SQLite search is answered from an index, never a scan of the table")
    func searchesUseIndexes() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        _ = try SQLiteSpoolStore(path: path)
        let db = try SQLiteConnection(path: path, busyTimeout: 1_000)
        let cursor = MessageCursor(createdAt: Self.start, id: "h-00001")
        let queries = [
            MessageQuery(), MessageQuery(cursor: cursor), MessageQuery(statuses: [.failed, .unknown], cursor: cursor),
            MessageQuery(message: "check-in"), MessageQuery(recipient: "ann@example.com", cursor: cursor), MessageQuery(key: "k"),
            MessageQuery(keyPrefix: "order-1/"), MessageQuery(createdAfter: Self.start, createdBefore: Self.start.addingTimeInterval(60)),
            MessageQuery(statuses: [.queued], message: "check-in", recipient: "ann@example.com", keyPrefix: "o"),
        ]
        for query in queries {
            let search = MessageSearch(query, dialect: .sqlite)
            var plan: [String] = []
            try db.query("EXPLAIN QUERY PLAN " + search.sql, search.sqliteValues) { row in plan.append(row.text(3) ?? "") }
            #expect(!plan.isEmpty)
            #expect(plan.allSatisfy { !($0.hasPrefix("SCAN") && !$0.contains("USING")) }, "\(query): \(plan)")
        }
    }

    @Test("a cursor's text is opaque and checked: anything else is not a cursor")
    func cursorTokens() {
        let cursor = MessageCursor(createdAt: Date(timeIntervalSinceReferenceDate: 817_000_000.123456), id: "msg-1.a_b")
        #expect(MessageCursor(token: cursor.token) == cursor)
        #expect(!cursor.token.contains("=") && !cursor.token.contains("/") && !cursor.token.contains("+"))
        for bad in ["", "x", "not base64!", Data("zz.msg".utf8).base64EncodedString(), Data("7ff0000000000000.m".utf8).base64EncodedString(),
                    Data("41c0000000000000.../x".utf8).base64EncodedString(), String(repeating: "A", count: 1_000)] {
            #expect(MessageCursor(token: bad) == nil, "\(bad)")
        }
        #expect(MessageQuery(keyPrefix: "ab").keyPrefixEnd == "ac")
        #expect(MessageQuery(keyPrefix: "a\u{D7FF}").keyPrefixEnd == "a\u{E000}")
        #expect(MessageQuery(keyPrefix: "a\u{10FFFF}").keyPrefixEnd == "b")
        #expect(MessageQuery(keyPrefix: "\u{10FFFF}").keyPrefixEnd == nil)
        #expect(MessageQuery(limit: 0).limit == 1 && MessageQuery(limit: 10_000).limit == MessageQuery.maximumLimit)
    }
}
