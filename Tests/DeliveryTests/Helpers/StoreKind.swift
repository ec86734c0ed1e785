import Foundation
import Testing
@testable import Delivery

/// The spool stores the contract suite runs against, each opened at a location under a test directory.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case directory
    case sqlite

    var testDescription: String { rawValue }

    /// Where the store lives under `base`: the spool directory or the database file.
    func location(_ base: String) -> String {
        switch self {
        case .directory: base + "/spool"
        case .sqlite: base + "/herald.db"
        }
    }

    /// Opens the store at `base` (a second call is another process's view of the same store).
    func open(_ base: String, capacity: Int = Spool.defaultCapacity) throws -> any SpoolStore {
        switch self {
        case .directory: try DirectorySpoolStore(directory: location(base), capacity: capacity)
        case .sqlite: try SQLiteSpoolStore(path: location(base), capacity: capacity)
        }
    }
}
