import Foundation

/// This process's view of `active/`, so that claims and enqueues never list it: the marker names of
/// messages that may become due (oldest first), for the worker, and the number of unfinished messages,
/// for the capacity check. Relisted from disk at most every second while a worker polls (other
/// processes enqueue, cancel and deliver too); this process's own changes are applied directly so they
/// are seen at once.
///
/// The unfinished count is approximate across processes: what other processes enqueued or finished
/// since the last listing is missing until the next one, and a change made while a listing runs may be
/// missed until the one after. Several processes enqueueing at once can therefore overshoot the
/// capacity by a few messages.
struct CandidateCache: Sendable {
    private var names: [String] = []
    private var sorted = true
    private var listedAt = Date.distantPast
    /// Unfinished messages in the last listing, plus this process's changes since.
    private(set) var unfinished = 0

    func isStale(now: Date) -> Bool {
        let age = now.timeIntervalSince(listedAt)
        return age > 1 || age < 0 || (names.isEmpty && age > 0.1)
    }

    /// True when the last listing is older than `limit` (or there was none yet).
    func isOlder(than limit: TimeInterval, now: Date) -> Bool {
        let age = now.timeIntervalSince(listedAt)
        return age > limit || age < 0
    }

    mutating func replace(with names: [String], unfinished: Int, listedAt: Date) {
        self.names = names.sorted(by: >)
        sorted = true
        self.unfinished = unfinished
        self.listedAt = listedAt
    }

    mutating func insert(_ name: String) {
        names.append(name)
        sorted = false
    }

    /// Records that this process added (`+1`) or finished (`-1`) an unfinished message.
    mutating func countUnfinished(_ change: Int) {
        unfinished = max(0, unfinished + change)
    }

    /// Removes and returns the earliest marker name that is due at `now`.
    mutating func popDue(now: Date) -> String? {
        sortIfNeeded()
        guard let last = names.last, let marker = Marker(name: last), marker.time <= now else { return nil }
        return names.removeLast()
    }

    /// The due time of the earliest candidate (names sort by time, so it is the last one).
    mutating func earliestDue() -> Date? {
        sortIfNeeded()
        return names.last.flatMap { Marker(name: $0)?.time }
    }

    private mutating func sortIfNeeded() {
        guard !sorted else { return }
        names.sort(by: >)
        sorted = true
    }
}
