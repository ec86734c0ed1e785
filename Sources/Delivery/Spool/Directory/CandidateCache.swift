import Foundation

/// The worker's view of `active/`: marker names of messages that may become due, oldest first.
/// Relisted from disk at most every second (other processes enqueue too); this process's own
/// enqueues and retries are inserted directly so they are seen at once.
struct CandidateCache: Sendable {
    private var names: [String] = []
    private var sorted = true
    private var listedAt = Date.distantPast

    func isStale(now: Date) -> Bool {
        let age = now.timeIntervalSince(listedAt)
        return age > 1 || age < 0 || (names.isEmpty && age > 0.1)
    }

    mutating func replace(with names: [String], listedAt: Date) {
        self.names = names.sorted(by: >)
        sorted = true
        self.listedAt = listedAt
    }

    mutating func insert(_ name: String) {
        names.append(name)
        sorted = false
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
