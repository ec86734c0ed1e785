import Foundation

/// Where the directory store keeps things. The record file is the truth; the rest are indexes that
/// recovery repairs:
///
///     lock                          flock held for every change (several processes may share a spool)
///     worker.lock                   flock held by the one process that delivers
///     messages/<id>.json            the record (replaced atomically: temp + fsync + rename + dir fsync)
///     keys/<hash>.json              {"key","id"}: the message a key currently names
///     active/<due>.<state>.<id>     empty marker per unfinished message, sorted by due time (ms)
///     done/<finished>.<state>.<id>  empty marker per finished message, sorted by finish time (ms)
///
/// The markers let the worker find due messages, metrics count states and retention find old records
/// by listing names only, and status by id read one file: nothing on the hot path scans records.
struct SpoolLayout: Sendable {
    let root: String

    var lockPath: String { root + "/lock" }
    var workerLockPath: String { root + "/worker.lock" }
    var messagesDirectory: String { root + "/messages" }
    var keysDirectory: String { root + "/keys" }
    var activeDirectory: String { root + "/active" }
    var doneDirectory: String { root + "/done" }

    func recordPath(id: String) -> String { messagesDirectory + "/" + id + ".json" }

    /// The marker path a record in its current state must have.
    func markerPath(for record: SpoolRecord) -> String {
        record.state.isFinished
            ? doneDirectory + "/" + Marker(time: record.finishedAt ?? record.dueAt, state: record.state, id: record.id).name
            : activeDirectory + "/" + Marker(time: record.dueAt, state: record.state, id: record.id).name
    }

    /// `keys/<hash>[-n].json`: two FNV-1a hashes of the key; `slot` > 0 resolves the (unlikely) collision.
    func keyPath(for key: String, slot: Int) -> String {
        let name = FNV128.hex(key.utf8)
        return keysDirectory + "/" + name + (slot == 0 ? "" : "-\(slot)") + ".json"
    }

    /// Ids become file names, so only a safe alphabet is allowed.
    static func isValidID(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128, !id.hasPrefix(".") else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}
