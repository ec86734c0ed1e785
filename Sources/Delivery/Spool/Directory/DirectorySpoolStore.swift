import Foundation
import Glibc
import Messages
import Locking

/// The embedded spool: one directory on the local disk (see `SpoolLayout` for the files).
///
/// Every change happens under an in-process mutex and an exclusive `flock` on `lock`, so threads and
/// processes (`herald serve`, `herald send`, `herald deliver`) can share a spool. Reads of one record
/// need no lock: records are replaced by `rename`, which readers see whole or not at all.
///
/// The capacity check counts unfinished messages in memory (`CandidateCache`), never by listing
/// `active/` per enqueue: the count comes from the worker's periodic listing plus this process's own
/// changes, so with several processes enqueueing at once the spool can go a few messages over.
public final class DirectorySpoolStore: SpoolStore {
    public let directory: String
    /// The most unfinished messages (queued, scheduled, retrying, sending) an enqueue may add to.
    public let capacity: Int
    let layout: SpoolLayout
    private let lockFile: PosixFile
    private let cache = Locked(CandidateCache())
    private let workerLock = Locked<PosixFile?>(nil)

    /// A process that is not the worker relists `active/` for its count at most this often (seconds),
    /// on an enqueue: the worker's own listing (every second while it polls) usually comes first.
    static let unfinishedCountMaxAge: TimeInterval = 5

    /// Opens (creating if needed) the spool in `directory`, refusing new messages beyond `capacity`
    /// unfinished ones.
    public init(directory: String, capacity: Int = Spool.defaultCapacity) throws(SpoolError) {
        guard capacity > 0 else { throw .invalidConfiguration("capacity must be a positive number of messages, got \(capacity)") }
        self.directory = directory
        self.capacity = capacity
        self.layout = SpoolLayout(root: directory)
        do throws(FileSystemError) {
            try Self.createDirectories(directory)
            for sub in [layout.messagesDirectory, layout.keysDirectory, layout.activeDirectory, layout.doneDirectory] {
                try DurableFile.createDirectory(sub)
            }
            lockFile = try PosixFile(path: layout.lockPath, flags: O_RDWR | O_CREAT)
        } catch {
            throw .file(error)
        }
    }

    // MARK: - Reads

    public func find(id: String) throws(SpoolError) -> SpoolRecord? {
        guard SpoolLayout.isValidID(id) else { return nil }
        return try readRecord(id: id)
    }

    public func find(key: String) throws(SpoolError) -> SpoolRecord? {
        guard let id = try keySlot(for: key).id, let record = try readRecord(id: id), record.key == key else { return nil }
        return record
    }

    public func unfinishedCount() throws(SpoolError) -> Int {
        try listActive().unfinished
    }

    public func counts() throws(SpoolError) -> [DeliveryState: Int] {
        var counts = Dictionary(uniqueKeysWithValues: DeliveryState.allCases.map { ($0, 0) })
        var seen = Set<String>()
        for directory in [layout.activeDirectory, layout.doneDirectory] {
            for name in try list(directory) {
                // A crash between two index steps can leave two markers for one id for a moment.
                guard let marker = Marker(name: name), seen.insert(marker.id).inserted else { continue }
                counts[marker.state, default: 0] += 1
            }
        }
        return counts
    }

    public func nextDueDate() throws(SpoolError) -> Date? {
        try refreshCandidatesIfStale(now: Date())
        return cache.withLock { $0.earliestDue() }
    }

    // MARK: - Changes

    public func enqueue(_ message: ComposedMessage, sendAt: Date?, fingerprint: String, now: Date) throws(SpoolError) -> EnqueueResult {
        guard SpoolLayout.isValidID(message.id) else { throw .invalidID(message.id) }
        try refreshCandidates(ifOlderThan: Self.unfinishedCountMaxAge, now: Date())
        let record = SpoolRecord(message: message, fingerprint: fingerprint, sendAt: sendAt, now: now)
        // The record's bytes are written and fsync'd before taking the lock, so concurrent enqueues
        // overlap that fsync; only the rename (and the indexes) happen under the lock.
        let recordPath = layout.recordPath(id: record.id)
        let bytes = try encode(record)
        let prepared = try durably { () throws(FileSystemError) in try DurableFile.prepare(bytes, for: recordPath) }
        var committed = false
        defer { if !committed { DurableFile.discard(prepared) } }
        return try locked { (cache: inout CandidateCache) throws(SpoolError) -> EnqueueResult in
            var previous: SpoolRecord?
            if let key = message.key, let existing = try recordNamed(byKey: key) {
                if existing.fingerprint == fingerprint { return EnqueueResult(status: existing.status, disposition: .replayed) }
                guard existing.state == .scheduled else { return EnqueueResult(status: existing.status, disposition: .conflict) }
                previous = existing
            }
            // A replacement cancels the message it replaces, so it never grows the spool.
            if previous == nil, cache.unfinished >= capacity { throw .full(capacity: capacity) }
            if try readRecord(id: message.id) != nil { throw .duplicateID(message.id) }
            // Marker first, then the key, then the record: a crash before the record leaves only
            // indexes that point at nothing, which readers and recovery ignore.
            let marker = layout.markerPath(for: record)
            try durably { () throws(FileSystemError) in try DurableFile.touch(marker) }
            if let key = message.key { try writeKey(key, id: message.id) }
            committed = true  // commit consumes the prepared file, even when it fails
            try durably { () throws(FileSystemError) in try DurableFile.commit(prepared, to: recordPath) }
            cache.insert((marker as NSString).lastPathComponent)
            cache.countUnfinished(1)
            guard var replaced = previous else { return EnqueueResult(status: record.status, disposition: .created) }
            let before = replaced
            replaced.state = .cancelled
            replaced.finishedAt = now
            replaced.replacedBy = record.id
            replaced.lastError = "replaced by \(record.id) (same key, different request)"
            try move(from: before, to: replaced)
            cache.countUnfinished(-1)
            return EnqueueResult(status: record.status, disposition: .replaced(previousID: replaced.id))
        }
    }

    public func cancel(id: String, now: Date) throws(SpoolError) -> CancelResult {
        guard SpoolLayout.isValidID(id) else { return .notFound }
        return try locked { (cache: inout CandidateCache) throws(SpoolError) -> CancelResult in
            guard let record = try readRecord(id: id) else { return .notFound }
            switch record.state {
            case .queued, .scheduled, .retrying:
                var cancelled = record
                cancelled.state = .cancelled
                cancelled.finishedAt = now
                try move(from: record, to: cancelled)
                cache.countUnfinished(-1)
                return .cancelled(cancelled.status)
            case .sending, .sent, .failed, .unknown, .cancelled:
                return .conflict(record.status)
            }
        }
    }

    public func claimDue(limit: Int, now: Date) throws(SpoolError) -> [SpoolRecord] {
        try refreshCandidatesIfStale(now: now)
        return try locked { (cache: inout CandidateCache) throws(SpoolError) -> [SpoolRecord] in
            var claimed: [SpoolRecord] = []
            while claimed.count < limit, let name = cache.popDue(now: now) {
                guard let marker = Marker(name: name), let record = try validRecord(for: marker, in: layout.activeDirectory)
                else { continue }
                if let key = record.key, try keySlot(for: key).id != record.id {
                    if let owner = try recordNamed(byKey: key), owner.id != record.id {
                        // Replaced by a newer, committed message whose enqueue was cut short by a crash.
                        var cancelled = record
                        cancelled.state = .cancelled
                        cancelled.finishedAt = now
                        cancelled.lastError = "replaced by a newer message with the same key"
                        try move(from: record, to: cancelled)
                        cache.countUnfinished(-1)
                        continue
                    }
                    // The key names a replacement whose record never committed: this message is
                    // still the key's, so the key points back at it and it is delivered.
                    try writeKey(key, id: record.id)
                }
                var sending = record
                sending.state = .sending
                sending.attempts += 1
                sending.dueAt = now
                try move(from: record, to: sending)
                claimed.append(sending)
            }
            return claimed
        }
    }

    /// Needs no spool lock: the worker that claimed a message owns it until this returns (cancel,
    /// replacement, claims and purges never touch a `sending` record), so several threads complete
    /// messages in parallel and their fsyncs overlap.
    @discardableResult
    public func complete(id: String, with update: OutcomeUpdate, now: Date) throws(SpoolError) -> SpoolRecord {
        guard SpoolLayout.isValidID(id), let record = try readRecord(id: id) else {
            throw .corruptRecord(path: layout.recordPath(id: id), detail: "completed message is missing")
        }
        guard record.state == .sending else { throw .notSending(id: id, state: record.state) }
        var next = record
        next.apply(update, now: now)
        try move(from: record, to: next)
        if next.state.isFinished {
            cache.withLock { $0.countUnfinished(-1) }
        } else {
            let name = (layout.markerPath(for: next) as NSString).lastPathComponent
            cache.withLock { $0.insert(name) }
        }
        return next
    }

    public func beginWorking() throws(SpoolError) -> [SpoolRecord] {
        try workerLock.withLock { (held: inout PosixFile?) throws(SpoolError) in
            guard held == nil else { throw .workerAlreadyRunning(spool: directory) }
            let file = try durably { () throws(FileSystemError) in
                try PosixFile(path: layout.workerLockPath, flags: O_RDWR | O_CREAT)
            }
            guard try durably({ () throws(FileSystemError) in try file.tryLockExclusive() }) else {
                throw .workerAlreadyRunning(spool: directory)
            }
            held = file
        }
        return try locked { (cache: inout CandidateCache) throws(SpoolError) -> [SpoolRecord] in
            try removeTemporaryFiles()
            var interrupted: [SpoolRecord] = []
            for name in try list(layout.activeDirectory).sorted() {
                guard let marker = Marker(name: name) else { continue }
                if let record = try validRecord(for: marker, in: layout.activeDirectory), record.state == .sending {
                    interrupted.append(record)
                }
            }
            let listing = try listActive()
            cache.replace(with: listing.candidates, unfinished: listing.unfinished, listedAt: Date())
            return interrupted
        }
    }

    public func endWorking() {
        workerLock.withLock { held in
            held?.unlock()
            held = nil
        }
    }

    public func purgeFinished(before cutoff: Date) throws(SpoolError) -> Int {
        try locked { (_: inout CandidateCache) throws(SpoolError) -> Int in
            var removed = 0
            let cutoffName = Marker(time: cutoff, state: .cancelled, id: "x").name.prefix(15)
            for name in try list(layout.doneDirectory).sorted() where name.prefix(15) < cutoffName {
                guard removed < 10_000 else { break }
                guard let marker = Marker(name: name) else { continue }
                if let record = try readRecord(id: marker.id), layout.markerPath(for: record).hasSuffix("/" + name) {
                    if let key = record.key {
                        let slot = try keySlot(for: key)
                        if slot.id == record.id { unlink(slot.path) }
                    }
                    unlink(layout.recordPath(id: record.id))
                    removed += 1
                }
                unlink(layout.doneDirectory + "/" + name)
            }
            if removed > 0 {
                try durably { () throws(FileSystemError) in
                    for directory in [layout.keysDirectory, layout.messagesDirectory, layout.doneDirectory] {
                        try DurableFile.syncDirectory(directory)
                    }
                }
            }
            return removed
        }
    }

    // MARK: - Internals

    /// Runs `body` holding the in-process mutex and the cross-process flock.
    private func locked<T>(_ body: (inout CandidateCache) throws(SpoolError) -> T) throws(SpoolError) -> T {
        try cache.withLock { (cache: inout CandidateCache) throws(SpoolError) -> T in
            try durably { () throws(FileSystemError) in try lockFile.lockExclusive() }
            defer { lockFile.unlock() }
            return try body(&cache)
        }
    }

    /// Moves a record from one state to the next: new marker (durable), record (durable), then drop the
    /// old marker. The drop needs no fsync: an old marker that reappears after a crash does not match
    /// the record, and claims and recovery skip and remove it.
    private func move(from old: SpoolRecord, to new: SpoolRecord) throws(SpoolError) {
        let oldMarker = layout.markerPath(for: old)
        let newMarker = layout.markerPath(for: new)
        if oldMarker != newMarker { try durably { () throws(FileSystemError) in try DurableFile.touch(newMarker) } }
        try writeRecord(new)
        if oldMarker != newMarker { try durably { () throws(FileSystemError) in try DurableFile.unlinkQuietly(oldMarker) } }
    }

    /// The record a marker stands for, if the marker is current; stale or dangling markers are removed.
    private func validRecord(for marker: Marker, in directory: String) throws(SpoolError) -> SpoolRecord? {
        let path = directory + "/" + marker.name
        let found = try readRecord(id: marker.id)
        guard let record = found, layout.markerPath(for: record) == path else {
            // A worker completing a message writes its next marker before the record; while the
            // record still says `sending` that marker is the future, not a leftover, so it stays.
            if found?.state != .sending {
                try durably { () throws(FileSystemError) in try DurableFile.unlinkQuietly(path) }
            }
            return nil
        }
        return record
    }

    private func recordNamed(byKey key: String) throws(SpoolError) -> SpoolRecord? {
        guard let id = try keySlot(for: key).id, let record = try readRecord(id: id), record.key == key else { return nil }
        return record
    }

    /// The key file for `key`: its path, and the id it names if it exists.
    private func keySlot(for key: String) throws(SpoolError) -> (path: String, id: String?) {
        for slot in 0..<16 {
            let path = layout.keyPath(for: key, slot: slot)
            guard let data = try durably({ () throws(FileSystemError) in try DurableFile.read(path) }) else { return (path, nil) }
            guard let entry = try? JSONDecoder().decode(KeyEntry.self, from: data) else {
                throw .corruptRecord(path: path, detail: "not a key entry")
            }
            if entry.key == key { return (path, entry.id) }
        }
        throw .invalidConfiguration("more than 16 keys share the hash of \"\(key)\"")
    }

    private func writeKey(_ key: String, id: String) throws(SpoolError) {
        let path = try keySlot(for: key).path
        let data: Data
        do { data = try JSONEncoder().encode(KeyEntry(key: key, id: id)) } catch { throw .encoding(id: id, detail: "\(error)") }
        try durably { () throws(FileSystemError) in try DurableFile.write(data, to: path) }
    }

    private func readRecord(id: String) throws(SpoolError) -> SpoolRecord? {
        let path = layout.recordPath(id: id)
        guard let data = try durably({ () throws(FileSystemError) in try DurableFile.read(path) }) else { return nil }
        do {
            return try JSONDecoder().decode(SpoolRecord.self, from: data)
        } catch {
            throw .corruptRecord(path: path, detail: "\(error)")
        }
    }

    private func writeRecord(_ record: SpoolRecord) throws(SpoolError) {
        let data = try encode(record)
        try durably { () throws(FileSystemError) in try DurableFile.write(data, to: layout.recordPath(id: record.id)) }
    }

    private func encode(_ record: SpoolRecord) throws(SpoolError) -> Data {
        do { return try JSONEncoder().encode(record) } catch { throw .encoding(id: record.id, detail: "\(error)") }
    }

    /// Relists `active/` when the cache is stale. The listing runs outside every lock, so enqueues
    /// never wait for it; a name that went stale meanwhile is checked against its record at claim time.
    private func refreshCandidatesIfStale(now: Date) throws(SpoolError) {
        guard cache.withLock({ $0.isStale(now: now) }) else { return }
        try refreshCandidates(now: now)
    }

    /// Relists `active/` when the last listing is older than `limit`: a first enqueue counts the
    /// unfinished messages, and a process without a worker keeps its count from drifting.
    private func refreshCandidates(ifOlderThan limit: TimeInterval, now: Date) throws(SpoolError) {
        guard cache.withLock({ $0.isOlder(than: limit, now: now) }) else { return }
        try refreshCandidates(now: now)
    }

    private func refreshCandidates(now: Date) throws(SpoolError) {
        let listing = try listActive()
        cache.withLock { $0.replace(with: listing.candidates, unfinished: listing.unfinished, listedAt: now) }
    }

    /// One listing of `active/`: the marker names of messages waiting for a worker (not `sending`),
    /// and how many messages are unfinished (distinct ids: a crash between two index steps can leave
    /// two markers for one id for a moment).
    private func listActive() throws(SpoolError) -> (candidates: [String], unfinished: Int) {
        var candidates: [String] = []
        var ids = Set<String>()
        for name in try list(layout.activeDirectory) {
            guard let marker = Marker(name: name) else { continue }
            ids.insert(marker.id)
            if marker.state != .sending { candidates.append(name) }
        }
        return (candidates, ids.count)
    }

    /// Removes temporary files left by killed writers. Only old ones: another process may be
    /// preparing an enqueue right now.
    private func removeTemporaryFiles() throws(SpoolError) {
        let cutoff = Date().addingTimeInterval(-600).timeIntervalSince1970
        for directory in [layout.messagesDirectory, layout.keysDirectory] {
            for name in try list(directory) where name.contains(".tmp-") {
                let path = directory + "/" + name
                var info = stat()
                if stat(path, &info) == 0, Double(info.st_mtim.tv_sec) < cutoff { unlink(path) }
            }
        }
    }

    private func list(_ directory: String) throws(SpoolError) -> [String] {
        try durably { () throws(FileSystemError) in try DurableFile.list(directory) }
    }

    private func durably<T>(_ body: () throws(FileSystemError) -> T) throws(SpoolError) -> T {
        do { return try body() } catch { throw .file(error) }
    }

    private static func createDirectories(_ path: String) throws(FileSystemError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileSystemError("mkdir", path: path, code: EACCES)
        }
    }
}
