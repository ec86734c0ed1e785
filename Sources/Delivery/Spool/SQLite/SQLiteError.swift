import CSQLite

/// A libsqlite3 failure: its (extended) result code, its message and the statement it came from.
public struct SQLiteError: Error, CustomStringConvertible, Sendable, Hashable {
    public let code: Int32
    public let message: String
    /// The SQL (or the operation) that failed; never holds bound values, so never a message body.
    public let context: String

    public var description: String { "sqlite: \(message) (code \(code)) in \(context)" }

    /// A failure that may pass: a full disk being cleared, an I/O error, another process holding the
    /// write lock longer than the busy timeout.
    var isTransient: Bool {
        switch code & 0xff {
        case SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_NOMEM, SQLITE_PROTOCOL: true
        default: false
        }
    }

    /// `SQLITE_CONSTRAINT_PRIMARYKEY` (a macro Swift does not import): an insert reused an existing id.
    var isPrimaryKeyViolation: Bool { code == 1555 }
}
