/// Why the spool could not do what was asked. Accepted mail is never lost by these: an operation that
/// throws did not change the message (enqueue: it was not accepted).
public enum SpoolError: Error, CustomStringConvertible, Sendable, Hashable {
    case file(FileSystemError)
    /// The SQLite store's database refused or failed (disk full, I/O error, busy beyond the timeout…).
    case database(SQLiteError)
    /// The PostgreSQL store's server refused or failed (unreachable, statement timeout, …).
    case postgres(PostgresError)
    /// The database's schema was written by a newer Herald: this one refuses to touch it.
    case schemaTooNew(found: Int, known: Int)
    /// A stored record that does not decode (edited by hand, or a bug).
    case corruptRecord(path: String, detail: String)
    case encoding(id: String, detail: String)
    /// Ids are letters, digits, `.`, `_`, `-`, at most 128 characters, not starting with `.`.
    case invalidID(String)
    /// An enqueue reused the id of a different message that is still stored.
    case duplicateID(String)
    /// `complete` was called for a message that is not `sending` (not claimed, or already completed).
    case notSending(id: String, state: DeliveryState)
    /// `complete` came after this worker's lease on the message expired and another instance took it
    /// over (PostgreSQL): that instance resolves it.
    case leaseLost(id: String)
    /// `complete` came for attempt `attempt` of a message claimed again since, now at `current`: the
    /// later claim resolves it.
    case claimSuperseded(id: String, attempt: Int, current: Int)
    /// Another process is already delivering from this spool.
    case workerAlreadyRunning(spool: String)
    /// The spool already holds `capacity` unfinished messages (`HERALD_SPOOL_CAPACITY`): the enqueue
    /// stored nothing, and may succeed once the worker has delivered some.
    case full(capacity: Int)
    case invalidConfiguration(String)

    public var description: String {
        switch self {
        case .file(let error): "spool: \(error)"
        case .database(let error): "spool: \(error)"
        case .postgres(let error): "spool: \(error)"
        case .schemaTooNew(let found, let known): "spool: the database has schema version \(found), newer than the \(known) this Herald knows; upgrade Herald"
        case .corruptRecord(let path, let detail): "spool: corrupt record \(path): \(detail)"
        case .encoding(let id, let detail): "spool: cannot encode message \(id): \(detail)"
        case .invalidID(let id): "spool: invalid message id \"\(id)\" (letters, digits, . _ -; at most 128)"
        case .duplicateID(let id): "spool: a different message with id \(id) is already stored"
        case .notSending(let id, let state): "spool: message \(id) is \(state.rawValue), not sending"
        case .leaseLost(let id): "spool: the lease on message \(id) expired and another instance took it over"
        case .claimSuperseded(let id, let attempt, let current):
            "spool: attempt \(attempt) of message \(id) is no longer its claim (attempt \(current) is): its outcome is not recorded"
        case .workerAlreadyRunning(let spool): "spool: another process is already delivering from \(spool)"
        case .full(let capacity): "spool: full (capacity \(capacity) unfinished messages); retry later"
        case .invalidConfiguration(let detail): "spool: \(detail)"
        }
    }
}

extension SpoolError {
    /// The store declined an outcome because the message is no longer that claim's to settle (it
    /// was settled, taken over, or claimed again): nothing is wrong, the other holder resolves it.
    var isRefusal: Bool {
        switch self {
        case .notSending, .leaseLost, .claimSuperseded: true
        default: false
        }
    }

    /// A storage failure that may pass (a full disk being cleared, a transient I/O error), as opposed
    /// to a state that retrying cannot change.
    var isRetryableWrite: Bool {
        switch self {
        case .file: true
        case .database(let error): error.isTransient
        case .postgres(let error): error.isTransient
        default: false
        }
    }
}
