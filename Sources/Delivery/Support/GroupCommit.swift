import Foundation
import Locking

/// Batches concurrent writes into one transaction, so many callers share one fsync (the SQLite
/// store's enqueues and outcomes, the outbox's appends).
///
/// A caller hands its work in and becomes the leader if none is running: the leader takes every
/// pending item, runs the batch (one transaction, in which one refusal does not undo the others: see
/// `SQLiteSpoolStore.inOneTransaction`), publishes each result, and goes on while more work arrived meanwhile. The
/// others wait until their result is published, which happens only after the commit that holds their
/// write: each caller still returns only once its message is durable. Results pass through the lock,
/// and the semaphore only wakes the waiter.
///
/// Up to `maxLeaders` batches run at once. One suits a store with one connection (SQLite); a server
/// (PostgreSQL) runs several transactions in parallel, and a batch there spends most of its time
/// waiting on round trips, so several leaders keep more of its connections busy.
final class GroupCommit<Item: Sendable, Output: Sendable, Failure: Error & Sendable>: Sendable {
    private struct Pending: Sendable {
        let ticket: Int
        let item: Item
        let wake: DispatchSemaphore
    }

    private struct State: Sendable {
        var pending: [Pending] = []
        var results: [Int: Result<Output, Failure>] = [:]
        var nextTicket = 0
        var leaders = 0
    }

    private let state = Locked(State())
    /// The most items one transaction takes, so one batch's latency stays bounded.
    private let batchLimit: Int
    /// The most batches running at once.
    private let maxLeaders: Int
    /// The error a caller gets if a batch returned fewer results than items (a bug of the batch).
    private let lostResult: Failure

    init(batchLimit: Int = 512, maxLeaders: Int = 1, lostResult: Failure) {
        (self.batchLimit, self.maxLeaders, self.lostResult) = (max(1, batchLimit), max(1, maxLeaders), lostResult)
    }

    /// Hands `item` in and returns its result once the batch holding it has run. `runBatch` (the same
    /// for every caller) gets items in arrival order and returns one result per item, in that order.
    func submit(_ item: Item, runBatch: ([Item]) -> [Result<Output, Failure>]) throws(Failure) -> Output {
        guard let result = submit([item], runBatch: runBatch).first else { throw lostResult }
        return try result.get()
    }

    /// Hands several items in at once, in order, and returns their results once the batches holding
    /// them have run: they are queued together, so up to `batchLimit` of them share one transaction.
    func submit(_ items: [Item], runBatch: ([Item]) -> [Result<Output, Failure>]) -> [Result<Output, Failure>] {
        let wake = DispatchSemaphore(value: 0)
        let (tickets, leads) = state.withLock { state -> ([Int], Bool) in
            let tickets = Array(state.nextTicket..<(state.nextTicket + items.count))
            state.nextTicket += items.count
            for (ticket, item) in zip(tickets, items) { state.pending.append(Pending(ticket: ticket, item: item, wake: wake)) }
            let leads = state.leaders < maxLeaders
            if leads { state.leaders += 1 }
            return (tickets, leads)
        }
        if leads { lead(runBatch) }
        // Every item's publication signals `wake` once, whichever leader ran it (this caller's own
        // batches included), so waiting once per item returns only when all of them are published.
        for _ in tickets { wake.wait() }
        return state.withLock { state in
            tickets.map { state.results.removeValue(forKey: $0) ?? .failure(lostResult) }
        }
    }

    /// Items handed in and not yet taken by a batch (tests wait on it).
    var waitingCount: Int { state.withLock { $0.pending.count } }

    /// How many of `pending` the next batch takes: up to `limit`, but never part of one caller's
    /// items (they share a semaphore), since with several leaders the two parts could commit in
    /// either order and a batch's items must be stored in order. A caller with more than `limit`
    /// items gets a batch of its own.
    private static func batchLength(_ pending: [Pending], limit: Int) -> Int {
        guard pending.count > limit else { return pending.count }
        let cut = pending[limit - 1].wake
        var start = limit - 1
        while start > 0, pending[start - 1].wake === cut { start -= 1 }
        if pending[limit].wake !== cut { return limit }
        if start > 0 { return start }
        var end = limit
        while end < pending.count, pending[end].wake === cut { end += 1 }
        return end
    }

    /// Hands in the items whose preparation succeeded, together, and returns one result per
    /// preparation in its order: a failed preparation's error in place, else its item's result.
    func submit(prepared: [Result<Item, Failure>], runBatch: ([Item]) -> [Result<Output, Failure>]) -> [Result<Output, Failure>] {
        var stored = submit(prepared.compactMap { try? $0.get() }, runBatch: runBatch).makeIterator()
        return prepared.map { preparation in
            switch preparation {
            case .failure(let error): .failure(error)
            case .success: stored.next() ?? .failure(lostResult)
            }
        }
    }

    /// Runs batches until no work is pending, then gives the leadership up.
    private func lead(_ runBatch: ([Item]) -> [Result<Output, Failure>]) {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let batch = Array(state.pending.prefix(Self.batchLength(state.pending, limit: batchLimit)))
                state.pending.removeFirst(batch.count)
                if batch.isEmpty { state.leaders -= 1 }
                return batch
            }
            guard !batch.isEmpty else { return }
            var results = runBatch(batch.map(\.item))
            if results.count != batch.count {
                results = Array(repeating: .failure(lostResult), count: batch.count)
            }
            state.withLock { state in
                for (pending, result) in zip(batch, results) { state.results[pending.ticket] = result }
            }
            for pending in batch { pending.wake.signal() }
        }
    }
}
