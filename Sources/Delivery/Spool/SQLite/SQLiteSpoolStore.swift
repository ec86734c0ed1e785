import Foundation
import Glibc
import HeraldLogging
import Locking
import Messages

/// The embedded spool: one SQLite database file (WAL, `synchronous=FULL`), so a `202` means the
/// message is on disk. Each change is one transaction; states, keys and counts are columns, so a
/// delivery outcome rewrites a few fields, never the message.
///
/// Threads share one connection under a lock; other processes (`herald send` beside `herald serve`)
/// open their own and SQLite's file locking orders the writes, a busy database being waited for up to
/// `busyTimeout`. One process delivers per database: the worker role is an `flock` on `PATH-worker`.
/// A stored message that no longer decodes is marked `failed` with the reason when a worker meets it;
/// it never stops the others.
public final class SQLiteSpoolStore: SpoolStore {
    public let path: String
    /// The most unfinished messages (queued, scheduled, retrying, sending) an enqueue may add to.
    public let capacity: Int
    /// The webhook endpoints each event's deliveries are queued for.
    public let subscriptions: WebhookSubscriptions
    private let connection: Locked<SQLiteConnection>
    /// Checkpoints the write-ahead log off the connection's commits (see `SQLiteCheckpointer`).
    private let checkpointer: SQLiteCheckpointer
    private let workerLock = Locked<PosixFile?>(nil)
    /// Concurrent enqueues share transactions (and fsyncs): see `GroupCommit`.
    private let enqueues = GroupCommit<Enqueue, EnqueueResult, SpoolError>(lostResult: .invalidConfiguration("group commit lost the result of a write"))
    /// The records this store claimed and has not completed, as the claim wrote them, so recording an
    /// outcome checks two columns instead of decoding the stored message again. Only an optimisation:
    /// a record whose row no longer says it is this claim (`sending`, the same attempt) is read anew.
    private let claimed = Locked<[String: SpoolRecord]>([:])
    /// Claims kept in `claimed` at most (claims nobody completes, as in a test, never grow it further).
    static let claimedLimit = 4_096
    /// The worker's threads record outcomes the same way.
    private let completions = GroupCommit<Completion, SpoolRecord, SpoolError>(lostResult: .invalidConfiguration("group commit lost the result of a write"))

    /// How long a statement waits for another process's write lock (milliseconds).
    static let busyTimeout: Int32 = 30_000

    /// Opens (creating and migrating if needed) the database at `path`.
    public init(path: String, capacity: Int = Spool.defaultCapacity, subscriptions: WebhookSubscriptions = .none) throws(SpoolError) {
        guard capacity > 0 else { throw .invalidConfiguration("capacity must be a positive number of messages, got \(capacity)") }
        self.path = path
        self.capacity = capacity
        self.subscriptions = subscriptions
        let opened: SQLiteConnection
        do {
            opened = try SQLiteConnection(path: path, busyTimeout: Self.busyTimeout)
            try Self.enableWriteAheadLog(opened)
            // A statement that may fail after writing (an insert with its triggers and indexes) first
            // copies the pages it changes into a statement journal, which SQLite moves to a temporary
            // file past 64 KiB: two more writes per page. The journal only undoes a failed statement
            // inside a transaction and is never needed after a crash, so it stays in memory.
            try opened.execute("PRAGMA temp_store=MEMORY")
        } catch {
            throw .database(error)
        }
        try SQLiteSchema.migrate(opened)
        checkpointer = SQLiteCheckpointer(path: path)
        checkpointer.attach(to: opened)
        connection = Locked(opened)
    }

    deinit {
        checkpointer.stop()
    }

    /// Switches a new database to WAL. Several processes opening a new file at once contend for that
    /// switch, and SQLite answers `SQLITE_BUSY` at once instead of waiting, so it is retried for up to the
    /// busy timeout.
    private static func enableWriteAheadLog(_ db: SQLiteConnection) throws(SQLiteError) {
        let deadline = Date().addingTimeInterval(Double(busyTimeout) / 1000)
        while true {
            do throws(SQLiteError) {
                try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL")
                return
            } catch where error.code & 0xff == 5 && Date() < deadline {  // SQLITE_BUSY
                usleep(10_000)
            }
        }
    }

    // MARK: - Reads

    public func find(id: String) throws(SpoolError) -> SpoolRecord? {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in try Self.record(where: "id = ?", .text(id), in: db) }
    }

    public func find(key: String) throws(SpoolError) -> SpoolRecord? {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in try Self.record(where: "key = ?", .text(key), in: db) }
    }

    public func messages(matching query: MessageQuery) throws(SpoolError) -> MessagePage {
        let search = MessageSearch(query, dialect: .sqlite)
        return try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            var statuses: [MessageStatus] = []
            try Self.database { () throws(SQLiteError) in
                try db.query(search.sql, search.sqliteValues) { row in
                    let date = { (column: Int32) -> Date? in row.isNull(column) ? nil : Date(timeIntervalSinceReferenceDate: row.real(column)) }
                    let createdAt = date(5) ?? Date(timeIntervalSinceReferenceDate: 0)
                    statuses.append(MessageStatus(
                        id: row.text(0) ?? "", message: row.text(1) ?? "", state: row.text(2).flatMap(DeliveryState.init(rawValue:)) ?? .failed,
                        attempts: Int(row.integer(3)), lastError: row.text(4), createdAt: createdAt, sendAt: date(6),
                        dueAt: date(7) ?? createdAt, deliveredAt: date(8), key: row.text(9), replacedBy: row.text(10)))
                }
            }
            return search.page(statuses)
        }
    }

    public func unfinishedCount() throws(SpoolError) -> Int {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in try Self.unfinished(in: db) }
    }

    public func counts() throws(SpoolError) -> [DeliveryState: Int] {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            var counts = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
            try Self.database { () throws(SQLiteError) in
                try db.query("SELECT state, count FROM state_counts") { row in
                    if let state = row.text(0).flatMap(DeliveryState.init(rawValue:)) { counts[state] = Int(row.integer(1)) }
                }
            }
            return counts
        }
    }

    public func nextDueDate() throws(SpoolError) -> Date? {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            var due: Date?
            try Self.database { () throws(SQLiteError) in
                try db.query("SELECT min(due_at) FROM messages INDEXED BY messages_due WHERE \(Self.due)") { row in
                    if !row.isNull(0) { due = Date(timeIntervalSinceReferenceDate: row.real(0)) }
                }
            }
            return due
        }
    }

    // MARK: - Changes

    public func enqueue(_ message: ComposedMessage, sendAt: Date?, fingerprint: String, now: Date) throws(SpoolError) -> EnqueueResult {
        try enqueues.submit(try Enqueue(message: message, sendAt: sendAt, fingerprint: fingerprint, now: now)) { batch in
            inOneTransaction(batch) { (item, db) throws(SpoolError) in try insert(item, in: db) }
        }
    }

    /// The batch's messages are queued together, so they share the group commit's transactions.
    public func enqueue(_ batch: [EnqueueRequest], now: Date) -> [Result<EnqueueResult, SpoolError>] {
        let prepared = batch.map { request in
            Result { () throws(SpoolError) in try Enqueue(message: request.message, sendAt: request.sendAt, fingerprint: request.fingerprint, now: now) }
        }
        return enqueues.submit(prepared: prepared) { items in
            inOneTransaction(items) { (item, db) throws(SpoolError) in try insert(item, in: db) }
        }
    }

    /// One caller's enqueue, waiting in `enqueues` for the transaction that stores it.
    private struct Enqueue: Sendable {
        let message: ComposedMessage
        let body: [UInt8]
        let sendAt: Date?
        let fingerprint: String
        let now: Date

        /// Checks the id and encodes the message, before it waits for a transaction.
        init(message: ComposedMessage, sendAt: Date?, fingerprint: String, now: Date) throws(SpoolError) {
            guard SpoolRecord.isValidID(message.id) else { throw .invalidID(message.id) }
            body = StoredMessage.encode(message)
            (self.message, self.sendAt, self.fingerprint, self.now) = (message, sendAt, fingerprint, now)
        }
    }

    /// Runs `body` for each item of a batch in one transaction: a replay, a conflict or a refusal
    /// (`full`, `duplicateID`, `notSending`) of one does not undo the others. If the commit fails, none
    /// of them happened.
    ///
    /// Items run without savepoints first: a savepoint makes SQLite copy every page the item changes
    /// into a statement journal, and refusals are found before an item writes anything. Only an item
    /// that fails after it wrote (a database error, a replacement whose new id is taken) rolls the
    /// batch back; the batch then runs again with each item in its own savepoint.
    private func inOneTransaction<Item, Output>(
        _ batch: [Item], _ body: (Item, SQLiteConnection) throws(SpoolError) -> Output
    ) -> [Result<Output, SpoolError>] where Output: Sendable {
        do throws(SpoolError) {
            return try withConnection { (db: SQLiteConnection) throws(SpoolError) in
                var failedAfterWriting = false
                do throws(SpoolError) {
                    return try db.transaction { () throws(SpoolError) -> [Result<Output, SpoolError>] in
                        try batch.map { (item) throws(SpoolError) -> Result<Output, SpoolError> in
                            let changesBefore = db.totalChanges
                            do throws(SpoolError) {
                                return .success(try body(item, db))
                            } catch where db.totalChanges == changesBefore {
                                return .failure(error)
                            } catch {
                                failedAfterWriting = true
                                throw error
                            }
                        }
                    }
                } catch where failedAfterWriting {
                    return try db.transaction { () throws(SpoolError) -> [Result<Output, SpoolError>] in
                        try batch.map { (item) throws(SpoolError) -> Result<Output, SpoolError> in
                            try Self.database { () throws(SQLiteError) in try db.run("SAVEPOINT item") }
                            do throws(SpoolError) {
                                let output = try body(item, db)
                                try Self.database { () throws(SQLiteError) in try db.run("RELEASE item") }
                                return .success(output)
                            } catch {
                                try Self.database { () throws(SQLiteError) in
                                    try db.run("ROLLBACK TO item")
                                    try db.run("RELEASE item")
                                }
                                return .failure(error)
                            }
                        }
                    }
                }
            }
        } catch {
            return Array(repeating: .failure(error), count: batch.count)
        }
    }

    /// Applies the key rules to one enqueue inside the batch's transaction. The message already
    /// stored under this id for this same request (a retry of this enqueue) is answered as created.
    private func insert(_ item: Enqueue, in db: SQLiteConnection) throws(SpoolError) -> EnqueueResult {
        let message = item.message, now = item.now
        let record = SpoolRecord(message: message, fingerprint: item.fingerprint, sendAt: item.sendAt, now: now)
        var previous: SpoolRecord?
        if let key = message.key, let existing = try Self.record(where: "key = ?", .text(key), in: db) {
            if existing.fingerprint == item.fingerprint {
                guard existing.id == record.id else { return EnqueueResult(status: existing.status, disposition: .replayed) }
                var replaced: String?
                try Self.database { () throws(SQLiteError) in
                    try db.query("SELECT id FROM messages WHERE request_key = ? AND replaced_by = ?", [.text(key), .text(record.id)]) { replaced = $0.text(0) }
                }
                return EnqueueResult(status: existing.status, disposition: replaced.map { .replaced(previousID: $0) } ?? .created)
            }
            guard existing.state == .scheduled else { return EnqueueResult(status: existing.status, disposition: .conflict) }
            previous = existing
        }
        // A replacement cancels the message it replaces, so it never grows the spool. At capacity, the
        // message may be this enqueue's own, stored before.
        if previous == nil, try Self.unfinished(in: db) >= capacity {
            if let stored = try Self.record(where: "id = ?", .text(record.id), in: db), stored.fingerprint == item.fingerprint {
                return EnqueueResult(status: stored.status, disposition: .created)
            }
            throw .full(capacity: capacity)
        }
        if let previous {
            try Self.database { () throws(SQLiteError) in
                try db.run(
                    """
                    UPDATE messages SET state = 'cancelled', finished_at = ?, replaced_by = ?, last_error = ?, key = NULL
                    WHERE id = ?
                    """,
                    [.real(now.timeIntervalSinceReferenceDate), .text(record.id),
                     .text("replaced by \(record.id) (same key, different request)"), .text(previous.id)])
            }
            try recordEvent(.cancelled, for: previous.replaced(by: record.id, now: now), now: now, in: db)
        }
        do throws(SQLiteError) {
            try db.run(
                """
                INSERT INTO messages (id, key, state, attempts, fingerprint, created_at, send_at, due_at,
                                      may_have_been_delivered, kind, request_key)
                VALUES (?, ?, ?, 0, ?, ?, ?, ?, 0, ?, ?)
                """,
                [.text(record.id), message.key.map(SQLiteValue.text) ?? .null, .text(record.state.rawValue),
                 .text(item.fingerprint), .real(now.timeIntervalSinceReferenceDate),
                 item.sendAt.map { .real($0.timeIntervalSinceReferenceDate) } ?? .null,
                 .real(record.dueAt.timeIntervalSinceReferenceDate), .text(message.message),
                 message.key.map(SQLiteValue.text) ?? .null])
            try db.run("INSERT INTO message_bodies (id, message) VALUES (?, ?)", [.text(record.id), .blob(item.body)])
            for address in Set(message.to.map { RecipientAddress.normalized($0.email) }) {
                try db.run(
                    "INSERT OR IGNORE INTO message_recipients (address, created_at, id) VALUES (?, ?, ?)",
                    [.text(address), .real(now.timeIntervalSinceReferenceDate), .text(record.id)])
            }
        } catch where error.isPrimaryKeyViolation {
            guard previous == nil, let stored = try Self.record(where: "id = ?", .text(record.id), in: db),
                  stored.fingerprint == item.fingerprint else { throw .duplicateID(record.id) }
            return EnqueueResult(status: stored.status, disposition: .created)
        } catch {
            throw .database(error)
        }
        try recordEvent(.accepted, for: record, now: now, in: db)
        guard let previous else { return EnqueueResult(status: record.status, disposition: .created) }
        return EnqueueResult(status: record.status, disposition: .replaced(previousID: previous.id))
    }

    public func cancel(id: String, now: Date) throws(SpoolError) -> CancelResult {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> CancelResult in
                guard var record = try Self.record(where: "id = ?", .text(id), in: db) else { return .notFound }
                guard record.cancel(now: now) else { return .conflict(record.status) }
                try Self.write(record, in: db)
                try recordEvent(.cancelled, for: record, now: now, in: db)
                return .cancelled(record.status)
            }
        }
    }

    public func retry(id: String, now: Date) throws(SpoolError) -> RetryResult {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> RetryResult in
                guard var record = try Self.record(where: "id = ?", .text(id), in: db) else { return .notFound }
                guard record.retry(now: now) else { return .conflict(record.status) }
                try Self.write(record, in: db)
                try recordEvent(.resubmitted, for: record, now: now, in: db)
                return .retried(record.status)
            }
        }
    }

    public func claimDue(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord] {
        guard limit > 0 else { return [] }
        return try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> [SpoolRecord] in
                let due = try Self.records(
                    indexedBy: "messages_due",
                    where: "(\(Self.due)) AND due_at <= ? ORDER BY due_at LIMIT ?",
                    [.real(now.timeIntervalSinceReferenceDate), .integer(Int64(limit))], in: db, now: now)
                guard !due.isEmpty else { return [] }
                // One statement for the whole claim (each execution opens the table's seven indexes),
                // writing only the three columns a claim changes; the ids go in as one JSON array.
                var ids: [UInt8] = [UInt8(ascii: "[")]
                for (index, record) in due.enumerated() {
                    if index > 0 { ids.append(UInt8(ascii: ",")) }
                    JSONText.appendQuoted(record.id, to: &ids)
                }
                ids.append(UInt8(ascii: "]"))
                try Self.database { () throws(SQLiteError) in
                    try db.run(
                        "UPDATE messages SET state = 'sending', attempts = attempts + 1, due_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                        [.real(now.timeIntervalSinceReferenceDate), .text(String(decoding: ids, as: UTF8.self))])
                }
                return due.map { record in
                    var claimed = record
                    claimed.state = .sending
                    claimed.attempts += 1
                    claimed.dueAt = now
                    return claimed
                }
            }
        }.map { record in
            self.claimed.withLock { claims in if claims[record.id] != nil || claims.count < Self.claimedLimit { claims[record.id] = record } }
            return record
        }
    }

    /// The claimed record of `id` as the claim of `attempt` wrote it, when its row still says so; else
    /// read from the row. A later claim's copy stays for that claim's own outcome.
    private func claimedRecord(_ id: String, attempt: Int, in db: SQLiteConnection) throws(SpoolError) -> SpoolRecord? {
        if let cached = claimed.withLock({ claims in claims[id]?.attempts == attempt ? claims.removeValue(forKey: id) : nil }) {
            var current: (state: String?, attempts: Int64)?
            try Self.database { () throws(SQLiteError) in
                try db.query("SELECT state, attempts FROM messages WHERE id = ?", [.text(id)]) { row in current = (row.text(0), row.integer(1)) }
            }
            if let current, current.state == DeliveryState.sending.rawValue, current.attempts == Int64(cached.attempts) { return cached }
        }
        return try Self.record(where: "id = ?", .text(id), in: db)
    }

    @discardableResult
    public func complete(id: String, attempt: Int, with update: OutcomeUpdate, now: Date) throws(SpoolError) -> SpoolRecord {
        guard let result = complete([(id, attempt, update)], now: now).first else { throw .invalidConfiguration("group commit lost the result of a write") }
        return try result.get()
    }

    /// The outcomes wait in `completions` together, so they share its transactions.
    public func complete(_ outcomes: [(id: String, attempt: Int, update: OutcomeUpdate)], now: Date) -> [Result<SpoolRecord, SpoolError>] {
        completions.submit(outcomes.map { Completion(id: $0.id, attempt: $0.attempt, update: $0.update, now: now) }) { batch in
            inOneTransaction(batch) { (item, db) throws(SpoolError) in
                guard var record = try claimedRecord(item.id, attempt: item.attempt, in: db) else {
                    throw .corruptRecord(path: "\(path)#\(item.id)", detail: "completed message is missing")
                }
                guard record.state == .sending else { throw .notSending(id: item.id, state: record.state) }
                guard record.attempts == item.attempt else {
                    throw .claimSuperseded(id: item.id, attempt: item.attempt, current: record.attempts)
                }
                record.apply(item.update, now: item.now)
                try Self.write(record, in: db)
                if let type = MessageEventType.of(item.update) { try recordEvent(type, for: record, now: item.now, in: db) }
                return record
            }
        }
    }

    /// One worker thread's outcome, waiting in `completions` for the transaction that records it.
    private struct Completion: Sendable {
        let id: String
        let attempt: Int
        let update: OutcomeUpdate
        let now: Date
    }

    /// One worker per file: the role is an `flock`. Other processes' enqueues (`herald send`) are found
    /// by polling, so `wake` is not called.
    public func beginWorking(wake: @escaping @Sendable () -> Void) throws(SpoolError) -> [SpoolRecord] {
        try workerLock.withLock { (held: inout PosixFile?) throws(SpoolError) in
            guard held == nil else { throw .workerAlreadyRunning(spool: path) }
            let file: PosixFile
            do {
                file = try PosixFile(path: path + "-worker", flags: O_RDWR | O_CREAT)
                guard try file.tryLockExclusive() else { throw SpoolError.workerAlreadyRunning(spool: path) }
            } catch let error as SpoolError {
                throw error
            } catch let error as FileSystemError {
                throw .file(error)
            } catch {
                throw .invalidConfiguration("\(error)")
            }
            held = file
        }
        return try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try Self.records(indexedBy: "messages_sending", where: "state = 'sending' ORDER BY id", [], in: db, now: Date())
        }
    }

    public func endWorking() {
        workerLock.withLock { held in
            held?.unlock()
            held = nil
        }
    }

    public func purgeFinished(before cutoff: Date) throws(SpoolError) -> Int {
        try Retention.purge { () throws(SpoolError) in
            try withConnection { (db: SQLiteConnection) throws(SpoolError) in
                try db.transaction { () throws(SpoolError) -> (messages: Int, events: Int) in
                    let messages = try Self.database { () throws(SQLiteError) in
                        try db.run(
                            """
                            DELETE FROM messages WHERE rowid IN (
                                SELECT rowid FROM messages WHERE finished_at IS NOT NULL AND finished_at < ? LIMIT ?)
                            """,
                            [.real(cutoff.timeIntervalSinceReferenceDate), .integer(Int64(Retention.batchSize))])
                    }
                    // A purged message's events go with it once their webhook deliveries are done.
                    return (messages, try Self.purgeEvents(before: cutoff, limit: Retention.batchSize, in: db))
                }
            }
        }
    }

    // MARK: - Rows

    private static let columns = SpoolRecord.columns

    /// The states a message waits in to be claimed: the condition of the index `messages_due`, which a
    /// query must repeat word for word to use it. Comparisons, not an `IN` list: SQLite builds a
    /// temporary b-tree for a list of three each time it evaluates one (see migration 5).
    static let due = "state = 'queued' OR state = 'scheduled' OR state = 'retrying'"

    func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws(SpoolError) -> T) throws(SpoolError) -> T {
        try connection.withLock { (db: inout SQLiteConnection) throws(SpoolError) -> T in try body(db) }
    }

    @discardableResult
    static func database<T>(_ body: () throws(SQLiteError) -> T) throws(SpoolError) -> T {
        do { return try body() } catch { throw .database(error) }
    }

    private static func unfinished(in db: SQLiteConnection) throws(SpoolError) -> Int {
        var count = 0
        try database { () throws(SQLiteError) in
            // Read on every enqueue: a scan of the eight rows, since through the index SQLite would
            // turn the comparisons into an `IN` list and build a temporary b-tree for it.
            try db.query(
                "SELECT coalesce(sum(count), 0) FROM state_counts NOT INDEXED WHERE \(due) OR state = 'sending'"
            ) { row in
                count = Int(row.integer(0))
            }
        }
        return count
    }

    /// The one record matching `condition`; a row that does not decode is an error naming it.
    private static func record(where condition: String, _ value: SQLiteValue, in db: SQLiteConnection) throws(SpoolError) -> SpoolRecord? {
        var found: Result<SpoolRecord, SpoolError>?
        try database { () throws(SQLiteError) in
            try db.query("SELECT \(columns) FROM messages LEFT JOIN message_bodies USING (id) WHERE \(condition)", [value]) { row in found = decode(row, path: db.path) }
        }
        return try found?.get()
    }

    /// The records matching `condition`, in order. A row that no longer decodes is marked `failed` with
    /// the reason (inside the caller's transaction) and left out, so one bad row never stops the rest.
    ///
    /// `index` names the partial index that holds exactly the rows the worker's queries want: the
    /// search indexes also cover `state`, and the planner, with no statistics, might otherwise walk
    /// every queued row of a search index and sort them on each claim.
    private static func records(
        indexedBy index: String, where condition: String, _ values: [SQLiteValue], in db: SQLiteConnection, now: Date
    ) throws(SpoolError) -> [SpoolRecord] {
        var rows: [(id: String, result: Result<SpoolRecord, SpoolError>)] = []
        try database { () throws(SQLiteError) in
            try db.query("SELECT \(columns) FROM messages INDEXED BY \(index) LEFT JOIN message_bodies USING (id) WHERE \(condition)", values) { row in
                rows.append((row.text(0) ?? "", decode(row, path: db.path)))
            }
        }
        var records: [SpoolRecord] = []
        for (id, result) in rows {
            switch result {
            case .success(let record): records.append(record)
            case .failure(let error):
                try database { () throws(SQLiteError) in
                    try db.run(
                        "UPDATE messages SET state = 'failed', finished_at = ?, last_error = ? WHERE id = ?",
                        [.real(now.timeIntervalSinceReferenceDate), .text("unreadable record: \(error)"), .text(id)])
                }
            }
        }
        return records
    }

    private static func decode(_ row: SQLiteRow, path: String) -> Result<SpoolRecord, SpoolError> {
        let id = row.text(0) ?? ""
        let where_ = "\(path)#\(id)"
        guard let state = row.text(1).flatMap(DeliveryState.init(rawValue:)) else {
            return .failure(.corruptRecord(path: where_, detail: "unknown state \(row.text(1) ?? "NULL")"))
        }
        guard !row.isNull(12) else { return .failure(.corruptRecord(path: where_, detail: "the message's body is missing")) }
        let message: ComposedMessage
        do {
            message = try StoredMessage.decode(row.blob(12))
        } catch {
            return .failure(.corruptRecord(path: where_, detail: "message does not decode: \(error)"))
        }
        guard message.id == id, let fingerprint = row.text(4) else {
            return .failure(.corruptRecord(path: where_, detail: "message id or fingerprint does not match its row"))
        }
        let date = { (column: Int32) -> Date? in row.isNull(column) ? nil : Date(timeIntervalSinceReferenceDate: row.real(column)) }
        let createdAt = date(5) ?? Date(timeIntervalSinceReferenceDate: 0)
        var record = SpoolRecord(message: message, fingerprint: fingerprint, sendAt: date(6), now: createdAt)
        record.state = state
        record.attempts = Int(row.integer(2))
        record.lastError = row.text(3)
        record.dueAt = date(7) ?? createdAt
        record.deliveredAt = date(8)
        record.finishedAt = date(9)
        record.mayHaveBeenDelivered = row.integer(10) != 0
        record.replacedBy = row.text(11)
        return .success(record)
    }

    /// Writes the record's delivery fields (never the message, which does not change).
    private static func write(_ record: SpoolRecord, in db: SQLiteConnection) throws(SpoolError) {
        let date = { (value: Date?) -> SQLiteValue in value.map { .real($0.timeIntervalSinceReferenceDate) } ?? .null }
        try database { () throws(SQLiteError) in
            try db.run(
                """
                UPDATE messages SET state = ?, attempts = ?, last_error = ?, due_at = ?, delivered_at = ?, finished_at = ?,
                                    may_have_been_delivered = ?, replaced_by = ?
                WHERE id = ?
                """,
                [.text(record.state.rawValue), .integer(Int64(record.attempts)), record.lastError.map(SQLiteValue.text) ?? .null,
                 date(record.dueAt), date(record.deliveredAt), date(record.finishedAt),
                 .integer(record.mayHaveBeenDelivered ? 1 : 0), record.replacedBy.map(SQLiteValue.text) ?? .null, .text(record.id)])
        }
    }
}

extension MessageSearch {
    /// The search's parameters as SQLite binds them.
    var sqliteValues: [SQLiteValue] {
        parameters.map { parameter in
            switch parameter {
            case .text(let text): .text(text)
            case .real(let number): .real(number)
            case .integer(let number): .integer(Int64(number))
            }
        }
    }
}
