/// A libpq failure: the server's SQLSTATE (empty when the failure was the connection's, not the
/// server's), its message and the statement or operation it came from.
public struct PostgresError: Error, CustomStringConvertible, Sendable, Hashable {
    public let sqlState: String
    public let message: String
    /// The SQL (or the operation) that failed; never holds bound values or connection parameters, so
    /// never a message body or the password.
    public let context: String

    public var description: String {
        let state = sqlState.isEmpty ? "" : " [\(sqlState)]"
        return "postgres: \(message)\(state) in \(context)"
    }

    /// A failure that may pass: a lost or refused connection, a server shutting down, a statement
    /// timeout, a deadlock or serialization failure, a server out of resources.
    var isTransient: Bool {
        sqlState.isEmpty || ["08", "40", "53", "57"].contains(String(sqlState.prefix(2))) || sqlState == "55P03"
    }

    /// The connection itself failed (no SQLSTATE: libpq's own error; class 08; or the server ending the
    /// session, `57P01`–`57P03`: shutdown, crash, `pg_terminate_backend`): retrying each statement of a
    /// failed batch on its own would only fail again, once per statement.
    var isConnectionFailure: Bool { sqlState.isEmpty || sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState) }

    /// No pooled connection came free in time (`PostgresPool`'s borrow timeout, as `insufficient_resources`).
    var isPoolExhausted: Bool { sqlState == Self.poolExhausted }

    /// The SQLSTATE of `PostgresPool`'s borrow timeout.
    static let poolExhausted = "53000"

    /// `unique_violation`: an insert reused an id (or a key) another row has.
    var isUniqueViolation: Bool { sqlState == "23505" }
}
