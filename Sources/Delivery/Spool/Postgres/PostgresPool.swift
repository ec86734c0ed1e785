import Foundation
import Locking

/// A few connections to one PostgreSQL database, shared by the store's threads: a caller borrows one
/// for a statement or a transaction and gives it back. Connections are opened when first needed; one
/// that broke (server restart, network) is dropped and replaced by the next borrower (see `withConnection`).
final class PostgresPool: Sendable {
    private let parameters: [PostgresParameter]
    private let statementTimeout: Int
    private let idle = Locked<[PostgresConnection]>([])
    private let slots: DispatchSemaphore
    /// The longest a caller waits for a free connection before the call fails (as a statement would time out).
    private let borrowTimeout: TimeInterval

    init(parameters: [PostgresParameter], size: Int, statementTimeout milliseconds: Int) {
        self.parameters = parameters
        self.statementTimeout = milliseconds
        self.slots = DispatchSemaphore(value: size)
        self.borrowTimeout = Double(milliseconds) / 1000
    }

    /// A new connection outside the pool (the notification listener keeps one of its own).
    func connect() throws(PostgresError) -> PostgresConnection {
        try PostgresConnection(parameters: parameters.map { ($0.keyword, $0.value) }, statementTimeout: statementTimeout)
    }

    /// Runs `body` with a borrowed connection.
    ///
    /// A connection from the pool that fails on its first statement (the server ended the session
    /// while it sat idle, and said so too late for `isStillOpen`) is replaced and `body` runs once
    /// more: nothing of it was done. That first statement is a `BEGIN`, a read, or an autocommit
    /// write whose second run is harmless if the first did land after all: a lease renewal, a
    /// retention delete (its count then falls short), a webhook delivery's claim (the first claim's
    /// rows wait out their lease, one attempt spent) or outcome (refused as no longer pending). A
    /// failure after that is the caller's.
    func withConnection<T>(_ body: (PostgresConnection) throws(SpoolError) -> T) throws(SpoolError) -> T {
        guard slots.wait(timeout: .now() + borrowTimeout) == .success else {
            // As `insufficient_resources` (transient, not a lost connection: nothing to run again).
            throw .postgres(PostgresError(sqlState: PostgresError.poolExhausted, message: "no free connection in \(borrowTimeout) s", context: "connection pool"))
        }
        defer { slots.signal() }
        if let reused = idle.withLock({ $0.popLast() }), reused.isStillOpen {
            let succeededBefore = reused.succeededStatements
            do {
                return try run(body, on: reused)
            } catch {
                guard reused.succeededStatements == succeededBefore, case .postgres(let failure) = error,
                      failure.isConnectionFailure, !reused.isUsable else { throw error }
            }
        }
        let connection: PostgresConnection
        do { connection = try connect() } catch { throw .postgres(error) }
        return try run(body, on: connection)
    }

    /// Runs `body` on `connection` and gives the connection back to the pool unless it broke.
    private func run<T>(_ body: (PostgresConnection) throws(SpoolError) -> T, on connection: PostgresConnection) throws(SpoolError) -> T {
        defer {
            if connection.isUsable { idle.withLock { $0.append(connection) } }
        }
        return try body(connection)
    }
}

/// One libpq connection parameter (`host`, `port`, `dbname`, `user`, `password`, `sslmode`, …).
struct PostgresParameter: Sendable, Hashable {
    let keyword: String
    let value: String
}
