import Foundation

/// Where the spool keeps its messages (`HERALD_STORE` / `--store`): `sqlite:PATH`, or a bare path,
/// for the embedded SQLite database; a `postgres://` URI for a PostgreSQL database several Herald
/// instances share. The text is parsed once, with configuration; `open` makes the store.
public enum StoreLocation: Hashable, Sendable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The default store: `./var/herald.db`, beside the outbox.
    public static let standard = StoreLocation.sqlite(path: "./var/herald.db")

    public init(parsing text: String) throws(StoreLocationError) {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreLocationError(text: text, reason: "sqlite: needs a file path, e.g. sqlite:./var/herald.db") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(uri: text))
        } else if let colon = text.firstIndex(of: ":"), !text[..<colon].contains("/"), text[..<colon].count > 1 {
            throw StoreLocationError(text: String(text[..<colon]) + ":…", reason: "unknown store kind; use sqlite:PATH, a file path or postgres://…")
        } else {
            guard !text.isEmpty else { throw StoreLocationError(text: text, reason: "empty; use sqlite:PATH or a file path") }
            self = .sqlite(path: text)
        }
    }

    /// Opens the store (creating the database and its folder if needed, migrating a PostgreSQL schema),
    /// refusing new messages beyond `capacity` unfinished ones. `leaseDuration` is how long a shared
    /// store's claim lasts without renewal (see `WorkerOptions.leaseDuration`); each event's webhook
    /// deliveries are queued for the endpoints of `subscriptions`.
    public func open(
        capacity: Int = Spool.defaultCapacity, leaseDuration: TimeInterval = WorkerOptions.defaultLeaseDuration,
        subscriptions: WebhookSubscriptions = .none
    ) throws(SpoolError) -> any SpoolStore {
        switch self {
        case .postgres(let location):
            return try PostgresSpoolStore(location: location, capacity: capacity, leaseDuration: leaseDuration, subscriptions: subscriptions)
        case .sqlite(let path):
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw .invalidConfiguration("cannot create the folder of \(path): \(error.localizedDescription)")
                }
            }
            return try SQLiteSpoolStore(path: path, capacity: capacity, subscriptions: subscriptions)
        }
    }

    /// The location as configuration shows it (never holds a secret).
    public var description: String {
        switch self {
        case .sqlite(let path): "sqlite:\(path)"
        case .postgres(let location): location.description
        }
    }
}

/// A `HERALD_STORE` value that names no store Herald can open.
public struct StoreLocationError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The offending value, with anything after a scheme elided (a URL may hold a password).
    public let text: String
    public let reason: String

    public var description: String { "\"\(text)\": \(reason)" }
}
