import Foundation
import Glibc
import Locking
import Messages

/// The shared spool: one PostgreSQL database that any number of Herald instances, on any number of
/// hosts, use at once. Each accepts, answers status and cancel for every message, and delivers.
///
/// - Keys are a unique constraint: the same key sent to two instances at once gives one message, the
///   other request sees it (`replayed` or `conflict`); replacing a still-scheduled message locks it
///   (`FOR UPDATE`), so it is atomic across instances.
/// - Workers claim due messages with `FOR UPDATE SKIP LOCKED` as leases (`claimed_by`, `lease_until`)
///   that the worker renews while they are in flight; a lease that expired (its instance died) is
///   taken over by any instance, which asks the transport what arrived (`claimExpired`).
/// - An enqueue notifies `herald_enqueued`; idle workers `LISTEN` on it (polling stays the fallback).
///
/// Every statement runs under `statement_timeout`; times are the callers' clocks, so the instances'
/// hosts keep their clocks in sync (NTP), well within the lease.
public final class PostgresSpoolStore: SpoolStore {
    public let location: PostgresLocation
    /// The most unfinished messages (queued, scheduled, retrying, sending) an enqueue may add to.
    public let capacity: Int
    public let leaseDuration: TimeInterval?
    /// This store's name in `claimed_by`: host, process and a random part, unique per store.
    public let instance: String
    /// The webhook endpoints each event's deliveries are queued for.
    public let subscriptions: WebhookSubscriptions
    let pool: PostgresPool
    private let listener = Locked<PostgresListener?>(nil)
    private let lastCompaction = Locked(Date.distantPast)
    /// Concurrent enqueues share transactions and commits (see `GroupCommit`). Each one alone was a
    /// transaction of its own, and the event lock (`recordEvent`) made those commit one after another,
    /// a WAL flush each: about 1,100 accepted messages per second.
    /// Up to `enqueueLeaders` such transactions run at once, each on a connection of its own.
    private let enqueues = GroupCommit<Prepared, EnqueueResult, SpoolError>(
        maxLeaders: PostgresSpoolStore.enqueueLeaders, lostResult: .invalidConfiguration("group commit lost the result of a write"))
    /// The records this store claimed and has not completed, as the claim returned them, so recording
    /// an outcome reads three columns instead of decoding the stored message again. Only an
    /// optimisation: a record whose row no longer says it is this claim is read anew.
    private let claimed = Locked<[String: SpoolRecord]>([:])
    /// Claims kept in `claimed` at most (claims nobody completes, as in a test, never grow it further).
    static let claimedLimit = 4_096
    /// The messages this store's claims of due messages returned and no outcome has settled yet, with
    /// the claim's attempt: the leases `renewLeases` extends. Not every `sending` row with this
    /// instance's name: a claim whose commit happened but whose reply was lost returned nothing, and
    /// renewing its rows would keep them `sending` for as long as this instance lives; left alone,
    /// they expire and are recovered. Nor what `claimExpired` took over: its recovery is one quick
    /// outcome, and if that fails the lease runs out and any instance recovers the message again.
    private let held = Locked<[String: Int]>([:])

    /// The milliseconds any one statement may run before the server cancels it.
    static let statementTimeout = 15_000
    /// Connections per store: enough for the API's threads and the worker's, small for the server.
    static let poolSize = 8
    /// Enqueue transactions running at once: half the pool, the rest left to the worker and reads.
    static let enqueueLeaders = 4
    /// How often a store folds the count changes in (seconds).
    static let compactionInterval: TimeInterval = 1
    /// How many times an enqueue re-reads a key that another instance took or freed meanwhile.
    static let keyRaceAttempts = 8

    /// Connects, creates or migrates the schema (under an advisory lock) and refuses a newer one.
    public init(
        location: PostgresLocation, capacity: Int = Spool.defaultCapacity, leaseDuration: TimeInterval = WorkerOptions.defaultLeaseDuration,
        subscriptions: WebhookSubscriptions = .none
    ) throws(SpoolError) {
        guard capacity > 0 else { throw .invalidConfiguration("capacity must be a positive number of messages, got \(capacity)") }
        guard leaseDuration > 0 else { throw .invalidConfiguration("the lease must be a positive number of seconds, got \(leaseDuration)") }
        self.location = location
        self.capacity = capacity
        self.leaseDuration = leaseDuration
        self.subscriptions = subscriptions
        self.instance = "\(Self.hostName):\(getpid()):\(UUID().uuidString.prefix(8).lowercased())"
        pool = PostgresPool(parameters: location.parameters, size: Self.poolSize, statementTimeout: Self.statementTimeout)
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in try PostgresSchema.migrate(db) }
    }

    /// The host's name as the kernel has it (no DNS lookup, which could stall startup).
    private static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: - Reads

    public func find(id: String) throws(SpoolError) -> SpoolRecord? {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in try Self.record(where: "id = $1", id, in: db) }
    }

    public func find(key: String) throws(SpoolError) -> SpoolRecord? {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in try Self.record(where: "key = $1", key, in: db) }
    }

    public func messages(matching query: MessageQuery) throws(SpoolError) -> MessagePage {
        let search = MessageSearch(query, dialect: .postgres)
        let rows = try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try Self.database { () throws(PostgresError) in try db.query(search.sql, search.postgresValues).rows }
        }
        return search.page(rows.map { row in
            let date = { (column: Int) -> Date? in row[column].flatMap(Double.init).map(Date.init(timeIntervalSinceReferenceDate:)) }
            let createdAt = date(5) ?? Date(timeIntervalSinceReferenceDate: 0)
            return MessageStatus(
                id: row[0] ?? "", message: row[1] ?? "", state: row[2].flatMap(DeliveryState.init(rawValue:)) ?? .failed,
                attempts: Int(row[3] ?? "") ?? 0, lastError: row[4], createdAt: createdAt, sendAt: date(6),
                dueAt: date(7) ?? createdAt, deliveredAt: date(8), key: row[9], replacedBy: row[10])
        })
    }

    public func unfinishedCount() throws(SpoolError) -> Int {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in try Self.unfinished(in: db) }
    }

    public func counts() throws(SpoolError) -> [DeliveryState: Int] {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            var counts = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
            let rows = try Self.database { () throws(PostgresError) in
                try db.query(
                    """
                    SELECT state, sum(count) FROM (SELECT state, count FROM state_counts UNION ALL SELECT state, delta FROM state_count_changes) AS all_counts
                    GROUP BY state
                    """).rows
            }
            for row in rows {
                if let state = row[0].flatMap(DeliveryState.init(rawValue:)) { counts[state] = Int(row[1] ?? "") ?? 0 }
            }
            return counts
        }
    }

    public func nextDueDate() throws(SpoolError) -> Date? {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            let due = try Self.database { () throws(PostgresError) in
                try db.query("SELECT min(due_at) FROM messages WHERE state IN ('queued', 'scheduled', 'retrying')").scalar
            }
            return due.flatMap(Double.init).map(Date.init(timeIntervalSinceReferenceDate:))
        }
    }

    // MARK: - Changes

    public func enqueue(_ message: ComposedMessage, sendAt: Date?, fingerprint: String, now: Date) throws(SpoolError) -> EnqueueResult {
        let prepared = try Self.prepare(message, sendAt: sendAt, fingerprint: fingerprint, now: now)
        return try enqueues.submit(prepared) { batch in insertInOneTransaction(batch) }
    }

    /// The batch's messages go in together (up to `GroupCommit`'s limit per transaction), with any
    /// single enqueues that arrive meanwhile.
    public func enqueue(_ batch: [EnqueueRequest], now: Date) -> [Result<EnqueueResult, SpoolError>] {
        let prepared = batch.map { request in
            Result { () throws(SpoolError) in try Self.prepare(request.message, sendAt: request.sendAt, fingerprint: request.fingerprint, now: now) }
        }
        return enqueues.submit(prepared: prepared) { items in insertInOneTransaction(items) }
    }

    /// A message checked and encoded, ready for its transaction.
    private struct Prepared: Sendable {
        let record: SpoolRecord
        /// `StoredMessage`'s bytes as the text of a `bytea` parameter.
        let body: String
    }

    /// Checks the id and encodes the message once, before any transaction.
    private static func prepare(_ message: ComposedMessage, sendAt: Date?, fingerprint: String, now: Date) throws(SpoolError) -> Prepared {
        guard SpoolRecord.isValidID(message.id) else { throw .invalidID(message.id) }
        let body = PostgresBytea.literal(StoredMessage.encode(message))
        return Prepared(record: SpoolRecord(message: message, fingerprint: fingerprint, sendAt: sendAt, now: now), body: body)
    }

    /// Stores `batch` in one transaction (one commit); a message refused (`full`, `duplicateID`) does
    /// not undo the others (see `insert`). A message whose key another instance took meanwhile is
    /// enqueued again on its own afterwards, as `enqueue` retries it.
    ///
    /// A batch whose connection failed (a server restart or failover, a session ended) runs once more
    /// on a new connection. That is safe even when the failure hid a commit that happened: a message
    /// met again under its own id with its own request is answered as stored (see `insert`).
    private func insertInOneTransaction(_ batch: [Prepared]) -> [Result<EnqueueResult, SpoolError>] {
        defer { compactCountsIfDue() }
        var results = insertInOneTransactionOnce(batch)
        if results.allSatisfy({ if case .failure(let error) = $0 { Self.isConnectionFailure(error) } else { false } }) {
            results = insertInOneTransactionOnce(batch)
        }
        return zip(batch, results).map { item, result in
            switch result {
            case .success(let stored?): .success(stored)
            case .success(nil): Result { () throws(SpoolError) in try enqueue(item.record, body: item.body) }
            case .failure(let error): .failure(error)
            }
        }
    }

    /// One try of `insertInOneTransaction`; nil for a message whose key changed hands meanwhile.
    private func insertInOneTransactionOnce(_ batch: [Prepared]) -> [Result<EnqueueResult?, SpoolError>] {
        var unfinished: Int?
        var events: [EventChange] = []
        return inOneTransaction(
            batch,
            first: { (db) throws(SpoolError) in
                let keys = batch.compactMap(\.record.key)
                try Self.lockKeys(keys, in: db)
                try Self.lockRows(where: "key = ANY($1::text[])", keys, in: db)
            },
            each: { (item, db) throws(SpoolError) -> EnqueueResult? in
                guard let inserted = try insert(item.record, body: item.body, unfinished: &unfinished, in: db) else { return nil }
                events += inserted.events.map { (type: $0.0, record: $0.1, now: item.record.createdAt) }
                return inserted.result
            },
            // After every insert, so the event lock is never held while an insert waits on a row.
            last: { (db) throws(SpoolError) in try recordEvents(events, in: db) },
            alone: { (item) throws(SpoolError) -> EnqueueResult? in try enqueue(item.record, body: item.body) })
    }

    /// Runs `each` for every item in one transaction, between `first` and `last`. An item's error
    /// that is not the database's (a refusal: `full`, `duplicateID`, `notSending`, `leaseLost`, …)
    /// fails only that item; this store throws those before writing anything of it. A database error
    /// leaves the transaction aborted: the batch fails, and then each item of several runs `alone`,
    /// so that one item's error is never another's, unless the connection itself failed.
    private func inOneTransaction<Item, Output>(
        _ batch: [Item], first: (PostgresConnection) throws(SpoolError) -> Void,
        each: (Item, PostgresConnection) throws(SpoolError) -> Output,
        last: (PostgresConnection) throws(SpoolError) -> Void, alone: (Item) throws(SpoolError) -> Output
    ) -> [Result<Output, SpoolError>] {
        do throws(SpoolError) {
            return try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
                try db.transaction { () throws(SpoolError) -> [Result<Output, SpoolError>] in
                    try first(db)
                    let results = try batch.map { item throws(SpoolError) -> Result<Output, SpoolError> in
                        do throws(SpoolError) {
                            return .success(try each(item, db))
                        } catch {
                            if case .postgres = error { throw error }
                            return .failure(error)
                        }
                    }
                    try last(db)
                    return results
                }
            }
        } catch {
            guard batch.count > 1, !Self.failsEveryItem(error) else { return Array(repeating: .failure(error), count: batch.count) }
            return batch.map { item in Result { () throws(SpoolError) in try alone(item) } }
        }
    }

    private func enqueue(_ record: SpoolRecord, body: String) throws(SpoolError) -> EnqueueResult {
        let message = record.message
        defer { compactCountsIfDue() }
        return try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            for _ in 0..<Self.keyRaceAttempts {
                let result = try db.transaction { () throws(SpoolError) -> EnqueueResult? in
                    try Self.lockKeys(record.key.map { [$0] } ?? [], in: db)
                    var unfinished: Int?
                    guard let inserted = try insert(record, body: body, unfinished: &unfinished, in: db) else { return nil }
                    try recordEvents(inserted.events.map { (type: $0.0, record: $0.1, now: record.createdAt) }, in: db)
                    return inserted.result
                }
                if let result { return result }
            }
            // As a serialization failure (transient, not a lost connection).
            throw .postgres(PostgresError(sqlState: "40001", message: "the key kept changing hands", context: "enqueue \(message.id)"))
        }
    }

    /// Takes the transaction's advisory locks on `keys` (their hashes, in ascending order, so two
    /// batches with keys in common never wait on each other in a cycle): enqueues of one key take
    /// turns instead of racing between reading the key's holder and inserting. Without them, an
    /// enqueue waiting on the key's row could lose that row to each of a stream of replacements in
    /// turn (its re-check finds the key moved) until it ran out of attempts.
    private static func lockKeys(_ keys: [String], in db: PostgresConnection) throws(SpoolError) {
        guard !keys.isEmpty else { return }
        try database { () throws(PostgresError) in
            try db.query(
                "SELECT count(pg_advisory_xact_lock($1, hash)) FROM (SELECT DISTINCT hashtext(key) AS hash FROM unnest($2::text[]) AS key ORDER BY hash) AS hashes",
                [String(PostgresSchema.keyLockClass), textArray(Set(keys))])
        }
    }

    /// Locks the rows matching `condition` (one `text[]` parameter) in the order of their ids. A
    /// transaction that locks several rows takes them all first, in this one order, so that two such
    /// transactions (an enqueue batch's key rows, an outcome batch's messages) never wait on each
    /// other in a cycle.
    private static func lockRows(where condition: String, _ values: [String], in db: PostgresConnection) throws(SpoolError) {
        guard !values.isEmpty else { return }
        try database { () throws(PostgresError) in
            try db.query("SELECT id FROM messages WHERE \(condition) ORDER BY id FOR UPDATE", [textArray(values)])
        }
    }

    /// The answer an enqueue first got, for its retry that meets the message it stored (holding
    /// `key`): a replacement if that enqueue replaced a message, else created.
    private static func storedBefore(_ stored: SpoolRecord, key: String, in db: PostgresConnection) throws(SpoolError) -> EnqueueResult {
        let replaced = try database { () throws(PostgresError) in
            try db.query("SELECT id FROM messages WHERE request_key = $1 AND replaced_by = $2", [key, stored.id]).scalar
        }
        return EnqueueResult(status: stored.status, disposition: replaced.map { .replaced(previousID: $0) } ?? .created)
    }

    /// Whether `error` is a failure of the connection rather than of one statement.
    private static func isConnectionFailure(_ error: SpoolError) -> Bool {
        if case .postgres(let error) = error { return error.isConnectionFailure }
        return false
    }

    /// Whether each item of a failed batch run alone would only meet `error` again, once per item: a
    /// lost connection, or no pooled connection free (a wait of up to the statement timeout each).
    private static func failsEveryItem(_ error: SpoolError) -> Bool {
        if case .postgres(let error) = error { return error.isConnectionFailure || error.isPoolExhausted }
        return false
    }

    /// A `text[]` literal of `values` in order: each value quoted, its backslashes and quotes escaped.
    static func textArray(_ values: some Sequence<String>) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// What one enqueue stored: its result and the records whose events it owes (the replaced message's
    /// cancellation, the new message's acceptance), recorded last in the transaction.
    private struct Inserted {
        let result: EnqueueResult
        var events: [(MessageEventType, SpoolRecord)] = []
    }

    /// Applies the key rules inside the caller's transaction; nil when another instance inserted the
    /// key meanwhile (the caller tries again, and then sees that message). `unfinished` is the spool's
    /// unfinished count as this transaction has changed it, read on first need.
    ///
    /// The message already stored under this id for this same request (ids are made anew for each
    /// request, so only a retry of this enqueue can meet one: its commit's reply was lost) is answered
    /// as created, with its status now.
    ///
    /// Refusals (`full`, `duplicateID`) are thrown with nothing of this message written, so a batch
    /// goes on with its other messages: the capacity is checked before any write, a duplicate id is
    /// an insert that did nothing, and a replacement undoes its cancellation in a savepoint of its own.
    /// Any other error leaves the transaction aborted.
    private func insert(_ record: SpoolRecord, body: String, unfinished: inout Int?, in db: PostgresConnection) throws(SpoolError) -> Inserted? {
        var previous: SpoolRecord?
        if let key = record.key, let existing = try Self.record(where: "key = $1 FOR UPDATE", key, in: db) {
            if existing.fingerprint == record.fingerprint {
                guard existing.id == record.id else { return Inserted(result: EnqueueResult(status: existing.status, disposition: .replayed)) }
                return Inserted(result: try Self.storedBefore(existing, key: key, in: db))
            }
            guard existing.state == .scheduled else { return Inserted(result: EnqueueResult(status: existing.status, disposition: .conflict)) }
            previous = existing
        }
        // A replacement cancels the message it replaces, so it never grows the spool.
        if previous == nil {
            let count: Int
            if let known = unfinished { count = known } else { count = try Self.unfinished(in: db) }
            unfinished = count
            if count >= capacity {
                // Its own earlier commit may be what filled the spool.
                if let stored = try Self.record(where: "id = $1", record.id, in: db), stored.fingerprint == record.fingerprint {
                    return Inserted(result: EnqueueResult(status: stored.status, disposition: .created))
                }
                throw .full(capacity: capacity)
            }
        }
        let inserted = try Self.database { () throws(PostgresError) -> Bool in
            if let previous {
                try db.execute("SAVEPOINT replacement")
                try db.query(
                    """
                    UPDATE messages SET state = 'cancelled', finished_at = $1, replaced_by = $2, last_error = $3, key = NULL
                    WHERE id = $4
                    """,
                    [Self.text(record.createdAt), record.id, "replaced by \(record.id) (same key, different request)", previous.id])
            }
            // The message and its recipients in one statement; `ON CONFLICT DO NOTHING` covers both the
            // id and the key, told apart below.
            let inserted = try db.query(
                """
                WITH inserted AS (
                    INSERT INTO messages (id, key, state, attempts, fingerprint, created_at, send_at, due_at, may_have_been_delivered, body,
                                          kind, request_key)
                    VALUES ($1, $2, $3, 0, $4, $5, $6, $7, false, $8, $9, $2)
                    ON CONFLICT DO NOTHING
                    RETURNING id, created_at
                ), recipients AS (
                    INSERT INTO message_recipients (address, created_at, id)
                    SELECT address, inserted.created_at, inserted.id FROM inserted, unnest($10::text[]) AS address
                    ON CONFLICT DO NOTHING
                )
                SELECT count(*) FROM inserted
                """,
                [record.id, record.key, record.state.rawValue, record.fingerprint, Self.text(record.createdAt),
                 record.sendAt.map(Self.text), Self.text(record.dueAt), body, record.message.message,
                 Self.textArray(Set(record.message.to.map { RecipientAddress.normalized($0.email) }))]
            ).scalar == "1"
            if previous != nil { try db.execute(inserted ? "RELEASE SAVEPOINT replacement" : "ROLLBACK TO SAVEPOINT replacement; RELEASE SAVEPOINT replacement") }
            return inserted
        }
        guard inserted else {
            guard let stored = try Self.record(where: "id = $1", record.id, in: db) else { return nil }
            guard previous == nil, stored.fingerprint == record.fingerprint else { throw .duplicateID(record.id) }
            return Inserted(result: EnqueueResult(status: stored.status, disposition: .created))
        }
        if previous == nil { unfinished = unfinished.map { $0 + 1 } }
        guard let previous else { return Inserted(result: EnqueueResult(status: record.status, disposition: .created), events: [(.accepted, record)]) }
        return Inserted(
            result: EnqueueResult(status: record.status, disposition: .replaced(previousID: previous.id)),
            events: [(.cancelled, previous.replaced(by: record.id, now: record.createdAt)), (.accepted, record)])
    }

    public func cancel(id: String, now: Date) throws(SpoolError) -> CancelResult {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> CancelResult in
                guard var record = try Self.record(where: "id = $1 FOR UPDATE", id, in: db) else { return .notFound }
                guard record.cancel(now: now) else { return .conflict(record.status) }
                try write(record, in: db)
                try recordEvent(.cancelled, for: record, now: now, in: db)
                return .cancelled(record.status)
            }
        }
    }

    public func retry(id: String, now: Date) throws(SpoolError) -> RetryResult {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> RetryResult in
                guard var record = try Self.record(where: "id = $1 FOR UPDATE", id, in: db) else { return .notFound }
                guard record.retry(now: now) else { return .conflict(record.status) }
                try write(record, in: db)
                try recordEvent(.resubmitted, for: record, now: now, in: db)
                return .retried(record.status)
            }
        }
    }

    public func claimDue(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord] {
        guard limit > 0 else { return [] }
        let records = try claim(
            """
            UPDATE messages SET state = 'sending', attempts = attempts + 1, due_at = $1, claimed_by = $2, lease_until = $3
            WHERE id IN (SELECT id FROM messages WHERE state IN ('queued', 'scheduled', 'retrying') AND due_at <= $1
                         ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED)
            RETURNING \(Self.columns)
            """, limit: limit, now: now)
        held.withLock { held in
            for record in records { held[record.id] = record.attempts }
        }
        return records
    }

    public func claimExpired(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord] {
        guard limit > 0 else { return [] }
        return try claim(
            """
            UPDATE messages SET claimed_by = $2, lease_until = $3
            WHERE id IN (SELECT id FROM messages WHERE state = 'sending' AND lease_until < $1
                         ORDER BY lease_until LIMIT $4 FOR UPDATE SKIP LOCKED)
            RETURNING \(Self.columns)
            """, limit: limit, now: now)
    }

    /// Runs a claiming `UPDATE … RETURNING` (parameters: now, this instance, the lease's end, the limit)
    /// in one transaction; a row that does not decode is marked failed with the reason, never returned.
    private func claim(_ sql: String, limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord] {
        let leaseEnd = now.addingTimeInterval(leaseDuration ?? WorkerOptions.defaultLeaseDuration)
        let records = try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> [SpoolRecord] in
                let rows = try Self.database { () throws(PostgresError) in
                    try db.query(sql, [Self.text(now), instance, Self.text(leaseEnd), String(limit)]).rows
                }
                return try Self.decoded(rows, in: db, now: now).sorted { $0.createdAt < $1.createdAt }
            }
        }
        claimed.withLock { claims in
            for record in records where claims[record.id] != nil || claims.count < Self.claimedLimit { claims[record.id] = record }
        }
        return records
    }

    @discardableResult
    public func complete(id: String, attempt: Int, with update: OutcomeUpdate, now: Date) throws(SpoolError) -> SpoolRecord {
        defer { compactCountsIfDue() }
        let result = Result { () throws(SpoolError) in
            try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
                try db.transaction { () throws(SpoolError) -> SpoolRecord in
                    let record = try complete(id: id, attempt: attempt, with: update, now: now, in: db)
                    try recordEvents(Self.events(of: [(record, update)], now: now), in: db)
                    return record
                }
            }
        }
        settle([(id, attempt)], [result])
        return try result.get()
    }

    /// The worker's outcomes in one transaction (one commit). An outcome refused (the message is no
    /// longer this instance's to complete) does not undo the others.
    public func complete(_ outcomes: [(id: String, attempt: Int, update: OutcomeUpdate)], now: Date) -> [Result<SpoolRecord, SpoolError>] {
        defer { compactCountsIfDue() }
        var completed: [(SpoolRecord, OutcomeUpdate)] = []
        let results = inOneTransaction(
            outcomes,
            first: { (db) throws(SpoolError) in try Self.lockRows(where: "id = ANY($1::text[])", outcomes.map(\.id), in: db) },
            each: { (outcome, db) throws(SpoolError) -> SpoolRecord in
                let record = try complete(id: outcome.id, attempt: outcome.attempt, with: outcome.update, now: now, in: db)
                completed.append((record, outcome.update))
                return record
            },
            // After every row is written, so the event lock is never held while waiting on a row.
            last: { (db) throws(SpoolError) in try recordEvents(Self.events(of: completed, now: now), in: db) },
            alone: { (outcome) throws(SpoolError) -> SpoolRecord in
                try complete(id: outcome.id, attempt: outcome.attempt, with: outcome.update, now: now)
            })
        settle(outcomes.map { ($0.id, $0.attempt) }, results)
        return results
    }

    /// Ends the leases `held` for outcomes that were written, refused (the message is no longer this
    /// claim's) or failed for good; one whose write the outcome writer retries stays held, renewed
    /// until it lands. Only the outcome's own attempt is ended: a message claimed again since (a
    /// later attempt in flight) stays held, whatever became of the earlier attempt's outcome.
    private func settle(_ outcomes: [(id: String, attempt: Int)], _ results: [Result<SpoolRecord, SpoolError>]) {
        held.withLock { held in
            for (outcome, result) in zip(outcomes, results) {
                if case .failure(let error) = result, error.isRetryableWrite { continue }
                if held[outcome.id] == outcome.attempt { held[outcome.id] = nil }
            }
        }
    }

    /// The events that recording `completed` outcomes owes (a release owes none).
    private static func events(of completed: [(SpoolRecord, OutcomeUpdate)], now: Date) -> [EventChange] {
        completed.compactMap { record, update in MessageEventType.of(update).map { (type: $0, record: record, now: now) } }
    }

    /// Writes one outcome in the caller's transaction; its event is the caller's to record. The row is
    /// locked first; the record is the one this store's claim returned while the row still says so
    /// (`sending`, the same attempt), else read (and decoded) anew.
    private func complete(id: String, attempt: Int, with update: OutcomeUpdate, now: Date, in db: PostgresConnection) throws(SpoolError) -> SpoolRecord {
        let row = try Self.database { () throws(PostgresError) in
            try db.query("SELECT state, attempts, claimed_by FROM messages WHERE id = $1 FOR UPDATE", [id]).rows.first
        }
        guard let row else { throw .corruptRecord(path: "\(location)#\(id)", detail: "completed message is missing") }
        var record: SpoolRecord
        if let cached = claimed.withLock({ claims in claims[id]?.attempts == attempt ? claims.removeValue(forKey: id) : nil }),
            row[0] == cached.state.rawValue, row[1] == String(cached.attempts)
        {
            record = cached
        } else {
            guard let read = try Self.record(where: "id = $1", id, in: db) else {
                throw .corruptRecord(path: "\(location)#\(id)", detail: "completed message is missing")
            }
            record = read
        }
        guard record.state == .sending else { throw .notSending(id: id, state: record.state) }
        guard row[2] == instance else { throw .leaseLost(id: id) }
        guard record.attempts == attempt else { throw .claimSuperseded(id: id, attempt: attempt, current: record.attempts) }
        record.apply(update, now: now)
        try write(record, in: db)
        return record
    }

    /// Renews the leases `held`, the messages this store's claims returned.
    public func renewLeases(now: Date) throws(SpoolError) {
        let ids = held.withLock { Array($0.keys) }
        guard !ids.isEmpty else { return }
        let leaseEnd = now.addingTimeInterval(leaseDuration ?? WorkerOptions.defaultLeaseDuration)
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try Self.database { () throws(PostgresError) in
                // A row locked meanwhile is being completed (or recovered): it needs no renewal, and
                // waiting on it could close a cycle with an outcome batch.
                _ = try db.query(
                    """
                    UPDATE messages SET lease_until = $1
                    WHERE id IN (SELECT id FROM messages WHERE id = ANY($3::text[]) AND state = 'sending' AND claimed_by = $2
                                 FOR UPDATE SKIP LOCKED)
                    """,
                    [Self.text(leaseEnd), instance, Self.textArray(ids)])
            }
        }
    }

    /// Any number of workers: starts listening for other instances' enqueues and takes over what
    /// expired leases left.
    public func beginWorking(wake: @escaping @Sendable () -> Void) throws(SpoolError) -> [SpoolRecord] {
        let started: PostgresListener
        do { started = try PostgresListener(pool: pool, channel: PostgresSchema.enqueueChannel, wake: wake) } catch { throw .postgres(error) }
        listener.withLock { $0?.stop(); $0 = started }
        // A worker before this one may have left outcomes unwritten; their leases run out now.
        held.withLock { $0.removeAll() }
        do {
            return try claimExpired(limit: 1000, now: Date())
        } catch {
            endWorking()
            throw error
        }
    }

    public func endWorking() {
        let stopped = listener.withLock { current -> PostgresListener? in
            defer { current = nil }
            return current
        }
        stopped?.stop()
    }

    public func purgeFinished(before cutoff: Date) throws(SpoolError) -> Int {
        try Retention.purge { () throws(SpoolError) in
            try pool.withConnection { (db: PostgresConnection) throws(SpoolError) -> (messages: Int, events: Int) in
                let messages = try Self.database { () throws(PostgresError) in
                    try db.query(
                        """
                        DELETE FROM messages WHERE id IN (
                            SELECT id FROM messages WHERE finished_at IS NOT NULL AND finished_at < $1 LIMIT $2 FOR UPDATE SKIP LOCKED)
                        """,
                        [Self.text(cutoff), String(Retention.batchSize)]).changed
                }
                // A purged message's events go with it once their webhook deliveries are done.
                return (messages, try Self.purgeEvents(before: cutoff, limit: Retention.batchSize, in: db))
            }
        }
    }

    // MARK: - Rows

    /// `SpoolRecord.columns`, the message being `body` (`StoredMessage`'s bytes), or the JSON that rows
    /// stored before migration 4 keep in `message`.
    private static let columns = """
        id, state, attempts, last_error, fingerprint, created_at, send_at, due_at, delivered_at, finished_at,
        may_have_been_delivered, replaced_by, coalesce(body, convert_to(message, 'UTF8'))
        """

    @discardableResult
    static func database<T>(_ body: () throws(PostgresError) -> T) throws(SpoolError) -> T {
        do { return try body() } catch { throw .postgres(error) }
    }

    /// A time as the text of a `double precision` parameter (seconds since 2001-01-01 UTC).
    static func text(_ date: Date) -> String { String(date.timeIntervalSinceReferenceDate) }

    private static func unfinished(in db: PostgresConnection) throws(SpoolError) -> Int {
        try database { () throws(PostgresError) in
            Int(try db.query(
                """
                SELECT coalesce(sum(count), 0) FROM (SELECT count FROM state_counts WHERE state IN ('queued', 'scheduled', 'retrying', 'sending')
                    UNION ALL SELECT delta FROM state_count_changes WHERE state IN ('queued', 'scheduled', 'retrying', 'sending')) AS unfinished
                """).scalar ?? "") ?? 0
        }
    }

    /// Folds the appended count changes into `state_counts`, at most once per `compactionInterval` per
    /// store and by one instance at a time (the others skip), so reads sum a short list.
    private func compactCountsIfDue() {
        let now = Date()
        let due = lastCompaction.withLock { last in
            guard now.timeIntervalSince(last) >= Self.compactionInterval else { return false }
            last = now
            return true
        }
        guard due else { return }
        // Best effort: a failed compaction leaves the changes for the next one, and the counts stay exact.
        try? pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) in
                try Self.database { () throws(PostgresError) in
                    guard try db.query("SELECT pg_try_advisory_xact_lock($1)", [String(PostgresSchema.compactionLock)]).scalar == "t" else { return }
                    try db.query(
                        """
                        WITH moved AS (DELETE FROM state_count_changes RETURNING state, delta),
                             totals AS (SELECT state, sum(delta) AS delta FROM moved GROUP BY state)
                        UPDATE state_counts SET count = state_counts.count + totals.delta FROM totals WHERE state_counts.state = totals.state
                        """)
                }
            }
        }
    }

    /// The one record matching `condition` (on `$1`); a row that does not decode is an error naming it.
    private static func record(where condition: String, _ value: String, in db: PostgresConnection) throws(SpoolError) -> SpoolRecord? {
        let rows = try database { () throws(PostgresError) in try db.query("SELECT \(columns) FROM messages WHERE \(condition)", [value]).rows }
        return try rows.first.map { row throws(SpoolError) in try decode(row).get() }
    }

    /// The records of `rows`; a row that no longer decodes is marked `failed` with the reason (inside the
    /// caller's transaction) and left out, so one bad row never stops the rest.
    private static func decoded(_ rows: [[String?]], in db: PostgresConnection, now: Date) throws(SpoolError) -> [SpoolRecord] {
        var records: [SpoolRecord] = []
        for row in rows {
            switch decode(row) {
            case .success(let record): records.append(record)
            case .failure(let error):
                try database { () throws(PostgresError) in
                    try db.query(
                        "UPDATE messages SET state = 'failed', finished_at = $1, last_error = $2, claimed_by = NULL, lease_until = NULL WHERE id = $3",
                        [text(now), "unreadable record: \(error)", row[0] ?? ""])
                }
            }
        }
        return records
    }

    private static func decode(_ row: [String?]) -> Result<SpoolRecord, SpoolError> {
        let id = row[0] ?? ""
        let where_ = "messages#\(id)"
        guard let state = row[1].flatMap(DeliveryState.init(rawValue:)) else {
            return .failure(.corruptRecord(path: where_, detail: "unknown state \(row[1] ?? "NULL")"))
        }
        guard let stored = row[12].flatMap(PostgresBytea.bytes) else {
            return .failure(.corruptRecord(path: where_, detail: "the stored message is missing or not hex-format bytea"))
        }
        let message: ComposedMessage
        do {
            message = try StoredMessage.decode(stored)
        } catch {
            return .failure(.corruptRecord(path: where_, detail: "message does not decode: \(error)"))
        }
        guard message.id == id, let fingerprint = row[4] else {
            return .failure(.corruptRecord(path: where_, detail: "message id or fingerprint does not match its row"))
        }
        let date = { (column: Int) -> Date? in row[column].flatMap(Double.init).map(Date.init(timeIntervalSinceReferenceDate:)) }
        let createdAt = date(5) ?? Date(timeIntervalSinceReferenceDate: 0)
        var record = SpoolRecord(message: message, fingerprint: fingerprint, sendAt: date(6), now: createdAt)
        record.state = state
        record.attempts = Int(row[2] ?? "") ?? 0
        record.lastError = row[3]
        record.dueAt = date(7) ?? createdAt
        record.deliveredAt = date(8)
        record.finishedAt = date(9)
        record.mayHaveBeenDelivered = row[10] == "t"
        record.replacedBy = row[11]
        return .success(record)
    }

    /// Writes the record's delivery fields (never the message, which does not change); a finished or
    /// re-queued message is no longer claimed.
    private func write(_ record: SpoolRecord, in db: PostgresConnection) throws(SpoolError) {
        let stillClaimed = record.state == .sending
        try Self.database { () throws(PostgresError) in
            try db.query(
                """
                UPDATE messages SET state = $1, attempts = $2, last_error = $3, due_at = $4, delivered_at = $5, finished_at = $6,
                                    may_have_been_delivered = $7, replaced_by = $8,
                                    claimed_by = CASE WHEN $9 THEN claimed_by END, lease_until = CASE WHEN $9 THEN lease_until END
                WHERE id = $10
                """,
                [record.state.rawValue, String(record.attempts), record.lastError, Self.text(record.dueAt),
                 record.deliveredAt.map(Self.text), record.finishedAt.map(Self.text), record.mayHaveBeenDelivered ? "t" : "f",
                 record.replacedBy, stillClaimed ? "t" : "f", record.id])
        }
    }
}

extension MessageSearch {
    /// The search's parameters as libpq takes them: text, a time as its seconds (as `text(_:)` writes them).
    var postgresValues: [String?] {
        parameters.map { parameter in
            switch parameter {
            case .text(let text): text
            case .real(let number): String(number)
            case .integer(let number): String(number)
            }
        }
    }
}
