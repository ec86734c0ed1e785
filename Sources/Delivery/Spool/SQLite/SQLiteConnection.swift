import CSQLite

/// One libsqlite3 connection with its prepared statements, used by one thread at a time (the store
/// holds it under a lock). Statements are prepared once per SQL text and reused.
final class SQLiteConnection {
    let path: String
    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating if needed) the database at `path`. `busyTimeout` bounds how long a statement waits
    /// for another process's write lock before failing with `SQLITE_BUSY`.
    init(path: String, busyTimeout milliseconds: Int32) throws(SQLiteError) {
        self.path = path
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let opened { sqlite3_close_v2(opened) }
            throw SQLiteError(code: status, message: message, context: "open \(path)")
        }
        handle = opened
        sqlite3_busy_timeout(handle, milliseconds)
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs SQL that takes no parameters and returns no rows (pragmas, schema changes), possibly several
    /// statements separated by semicolons.
    func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw SQLiteError(code: status, message: text, context: sql)
        }
    }

    /// Rows changed by every statement that completed on this connection: unchanged across a statement
    /// means it wrote nothing (a statement that fails undoes its own changes).
    var totalChanges: Int64 { sqlite3_total_changes64(handle) }

    /// Runs one statement with `bindings` and returns how many rows it changed.
    @discardableResult
    func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws(SQLiteError) -> Int {
        try query(sql, bindings) { _ in }
        return Int(sqlite3_changes(handle))
    }

    /// Runs one statement with `bindings`, calling `row` for each result row.
    func query(_ sql: String, _ bindings: [SQLiteValue] = [], row: (SQLiteRow) -> Void) throws(SQLiteError) {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for index in bindings.indices {
            try bind(bindings[index], at: Int32(index + 1), in: statement, sql: sql)
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status, sql) }
            row(SQLiteRow(statement: statement))
        }
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE`: the write lock is taken up front, so a
    /// busy database waits at the start instead of failing at the first write); rolls back if it throws.
    /// The commit is durable when this returns (WAL with `synchronous=FULL`).
    func transaction<T>(_ body: () throws(SpoolError) -> T) throws(SpoolError) -> T {
        do { try run("BEGIN IMMEDIATE") } catch { throw .database(error) }
        let value: T
        do {
            value = try body()
        } catch {
            _ = try? run("ROLLBACK")
            throw error
        }
        do {
            try run("COMMIT")
        } catch {
            _ = try? run("ROLLBACK")
            throw .database(error)
        }
        return value
    }

    /// Frames in the write-ahead log and how many of them are copied into the database, after a
    /// passive checkpoint (one that never waits for, nor blocks, a writer).
    func checkpointPassively() throws(SQLiteError) -> (logFrames: Int32, checkpointedFrames: Int32) {
        var (logFrames, checkpointedFrames): (Int32, Int32) = (0, 0)
        let status = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &logFrames, &checkpointedFrames)
        guard status == SQLITE_OK else { throw error(status, "PRAGMA wal_checkpoint(PASSIVE)") }
        return (logFrames, checkpointedFrames)
    }

    /// Calls `hook` after each commit with `context` and the frames now in the log, instead of
    /// SQLite's own automatic checkpoint (see `SQLiteCheckpointer`).
    func afterEachCommit(
        _ hook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32,
        context: UnsafeMutableRawPointer
    ) {
        sqlite3_wal_hook(handle, hook, context)
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw error(status, sql) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteValue, at index: Int32, in statement: OpaquePointer, sql: String) throws(SQLiteError) {
        let status: Int32
        switch value {
        case .null: status = sqlite3_bind_null(statement, index)
        case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
        case .real(let number): status = sqlite3_bind_double(statement, index, number)
        case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, csqlite_transient())
        case .blob(let bytes):
            status = bytes.withUnsafeBytes { buffer in
                sqlite3_bind_blob64(statement, index, buffer.baseAddress, sqlite3_uint64(buffer.count), csqlite_transient())
            }
        }
        guard status == SQLITE_OK else { throw error(status, sql) }
    }

    private func error(_ status: Int32, _ sql: String) -> SQLiteError {
        SQLiteError(code: status, message: String(cString: sqlite3_errmsg(handle)), context: sql)
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

/// The current row of a statement, valid only inside the `query` callback.
struct SQLiteRow {
    fileprivate let statement: OpaquePointer

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }
    func real(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

    func text(_ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: bytes)
    }

    func blob(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let base = sqlite3_column_blob(statement, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }
}
