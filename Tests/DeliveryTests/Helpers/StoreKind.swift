import Foundation
import Testing
@testable import Delivery

/// The spool stores the contract suite runs against (SQLite; PostgreSQL joins it), each opened at a location under a test directory.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite

    var testDescription: String { rawValue }

    /// Where the store lives under `base`.
    func location(_ base: String) -> String {
        switch self {
        case .sqlite: base + "/herald.db"
        }
    }

    /// Opens the store at `base` (a second call is another process's view of the same store).
    func open(_ base: String, capacity: Int = Spool.defaultCapacity) throws -> any SpoolStore {
        switch self {
        case .sqlite: try SQLiteSpoolStore(path: location(base), capacity: capacity)
        }
    }
}
