import Foundation
import Locking
import Testing
import TestSupport
@testable import Delivery

/// The spool stores the contract suite runs against, each opened at a location under a test directory:
/// an SQLite file in it, or a PostgreSQL database of its own on the suite's server (`.postgresServer`).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL database made for each test directory.
    private static let databases = Locked<[String: String]>([:])

    /// Where the store lives under `base`.
    func location(_ base: String) throws -> String {
        switch self {
        case .sqlite: return base + "/herald.db"
        case .postgres:
            guard let server = PostgresServer.current else {
                throw PostgresServer.SetupError.failed("finding the server", "this suite needs the .postgresServer trait")
            }
            let existing = Self.databases.withLock { $0[base] }
            let database = try existing ?? server.createDatabase()
            Self.databases.withLock { $0[base] = database }
            return server.uri(database: database)
        }
    }

    /// Opens the store at `base` (a second call is another process's view of the same store).
    func open(
        _ base: String, capacity: Int = Spool.defaultCapacity, leaseDuration: TimeInterval = WorkerOptions.defaultLeaseDuration,
        subscriptions: WebhookSubscriptions = .none
    ) throws -> any SpoolStore {
        switch self {
        case .sqlite: try SQLiteSpoolStore(path: location(base), capacity: capacity, subscriptions: subscriptions)
        case .postgres: try StoreLocation(parsing: location(base)).open(capacity: capacity, leaseDuration: leaseDuration, subscriptions: subscriptions)
        }
    }
}
