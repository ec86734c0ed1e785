import Foundation
import Locking

/// A few connections to one PostgreSQL database, shared by the store's threads: a caller borrows one
/// for a statement or a transaction and gives it back. Connections are opened when first needed; one
/// that broke (server restart, network) is dropped and replaced by the next borrower.
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
    func withConnection<T>(_ body: (PostgresConnection) throws(SpoolError) -> T) throws(SpoolError) -> T {
        guard slots.wait(timeout: .now() + borrowTimeout) == .success else {
            throw .postgres(PostgresError(sqlState: "", message: "no free connection in \(borrowTimeout) s", context: "connection pool"))
        }
        defer { slots.signal() }
        let connection: PostgresConnection
        if let reused = idle.withLock({ $0.popLast() }) {
            connection = reused
        } else {
            do { connection = try connect() } catch { throw .postgres(error) }
        }
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
