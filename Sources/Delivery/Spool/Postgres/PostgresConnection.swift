import CPostgres
import Glibc

/// One libpq connection with its prepared statements. Used by one thread at a time: the pool hands a
/// connection to one caller until it gives it back (hence `@unchecked Sendable`, for that hand-over).
/// Statements are prepared once per SQL text and reused; every statement runs under the session's
/// `statement_timeout`, set when connecting.
final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statements: [String: String] = [:]
    /// Statements that succeeded on this connection, so the pool can tell a connection that failed
    /// before doing anything from one that failed midway.
    private(set) var succeededStatements = 0

    /// Connects with libpq keyword/value `parameters` (host, port, dbname, user, password, sslmode…),
    /// so no URI holding the password is ever built, and `statementTimeout` milliseconds on every statement.
    init(parameters: [(String, String)], statementTimeout milliseconds: Int) throws(PostgresError) {
        let all = parameters + [
            ("options", "-c statement_timeout=\(milliseconds) -c bytea_output=hex"), ("application_name", "herald"),
            ("connect_timeout", parameters.contains { $0.0 == "connect_timeout" } ? "" : "10"),
        ].filter { !$0.1.isEmpty }
        let keywords = all.map { strdup($0.0) }
        let values = all.map { strdup($0.1) }
        defer {
            keywords.forEach { free($0) }
            values.forEach { free($0) }
        }
        let keywordPointers = keywords.map { UnsafePointer($0) } + [nil]
        let valuePointers = values.map { UnsafePointer($0) } + [nil]
        guard let opened = PQconnectdbParams(keywordPointers, valuePointers, 0) else {
            throw PostgresError(sqlState: "", message: "out of memory", context: "connect")
        }
        guard PQstatus(opened) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(opened)).trimmingTrailingNewlines
            PQfinish(opened)
            throw PostgresError(sqlState: "", message: message, context: "connect")
        }
        handle = opened
        // The server's notices ("already exists, skipping") would go to stderr, where Herald's log is.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
    }

    deinit {
        PQfinish(handle)
    }

    /// False once the connection was lost: the pool then drops it instead of handing it out again.
    var isUsable: Bool { PQstatus(handle) == CONNECTION_OK && PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// Whether the server still holds this idle connection. A server that ends a session (a restart,
    /// a failover, `pg_terminate_backend`, an idle-session timeout) first sends its reason and closes
    /// the socket, so an idle connection with something to read is asked what it was; one with
    /// nothing waiting is taken as open (a silently lost network is left to the statement timeouts).
    /// Polls that do not wait, so the next statement is not the one that finds out. libpq reads the
    /// server's last word and its end of the socket in separate calls, hence a few rounds.
    var isStillOpen: Bool {
        for _ in 0..<4 {
            guard isUsable else { return false }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0 else { return true }
            guard PQconsumeInput(handle) == 1 else { return false }
        }
        return isUsable
    }

    /// The socket, for waiting on notifications (`LISTEN`).
    var socket: Int32 { PQsocket(handle) }

    /// Runs SQL without parameters (transaction control, `LISTEN`, migrations), possibly several
    /// statements separated by semicolons.
    func execute(_ sql: String) throws(PostgresError) {
        let result = PQexec(handle, sql)
        defer { PQclear(result) }
        try check(result, sql)
    }

    /// Runs one prepared statement with text `parameters` (nil is NULL) and returns its rows.
    @discardableResult
    func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresRows {
        let name = try prepared(sql)
        let copies = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { $0.map { UnsafePointer($0) } }
        let result = PQexecPrepared(handle, name, Int32(parameters.count), pointers, nil, nil, 0)
        defer { PQclear(result) }
        try check(result, sql)
        return PostgresRows(result)
    }

    /// Runs `body` in one transaction; rolls back if it throws. The commit is durable when this returns
    /// (the server's `synchronous_commit`).
    func transaction<T>(_ body: () throws(SpoolError) -> T) throws(SpoolError) -> T {
        do { try execute("BEGIN") } catch { throw .postgres(error) }
        let value: T
        do {
            value = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw .postgres(error)
        }
        return value
    }

    /// Reads what arrived on the socket and returns the channels notified since the last call.
    func notifications() throws(PostgresError) -> [String] {
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(sqlState: "", message: String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines, context: "LISTEN")
        }
        var channels: [String] = []
        while let notification = PQnotifies(handle) {
            channels.append(String(cString: notification.pointee.relname))
            PQfreemem(notification)
        }
        return channels
    }

    private func prepared(_ sql: String) throws(PostgresError) -> String {
        if let name = statements[sql] { return name }
        let name = "herald_\(statements.count + 1)"
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, sql)
        statements[sql] = name
        return name
    }

    private func check(_ result: OpaquePointer?, _ sql: String) throws(PostgresError) {
        let status = PQresultStatus(result)
        guard status != PGRES_COMMAND_OK, status != PGRES_TUPLES_OK else {
            succeededStatements += 1
            return
        }
        let field = { (code: UInt8) -> String in
            guard let result, let text = PQresultErrorField(result, Int32(code)) else { return "" }
            return String(cString: text)
        }
        var message = field(UInt8(ascii: "M"))
        if message.isEmpty { message = String(cString: PQerrorMessage(handle)).trimmingTrailingNewlines }
        throw PostgresError(sqlState: field(UInt8(ascii: "C")), message: message, context: sql)
    }
}

/// The rows of one result, copied out of libpq's result (text format; nil is NULL).
struct PostgresRows {
    let rows: [[String?]]
    /// The first column of the first row (a count, a maximum); nil when there is none or it is NULL.
    var scalar: String? { rows.first?.first ?? nil }
    /// The number of rows the statement changed (`UPDATE`, `DELETE`, `INSERT`), 0 for others.
    let changed: Int

    fileprivate init(_ result: OpaquePointer?) {
        let count = Int(PQntuples(result)), columns = Int(PQnfields(result))
        var rows: [[String?]] = []
        rows.reserveCapacity(count)
        for row in 0..<Int32(count) {
            rows.append((0..<Int32(columns)).map { column in
                PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
            })
        }
        self.rows = rows
        changed = Int(String(cString: PQcmdTuples(result))) ?? 0
    }
}

extension String {
    fileprivate var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while text.last?.isNewline == true { text = text.dropLast() }
        return String(text)
    }
}
