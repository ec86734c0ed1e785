import ChildProcesses
import Dispatch
import Foundation
import Locking
import Testing
@testable import Delivery

@Suite("Group commit")
struct GroupCommitTests {
    private struct Lost: Error, Equatable {}

    /// Many threads at once, single and several items per call: each caller gets exactly its own
    /// results, every item runs once, no more batches run at a time than the leaders allowed, and one
    /// call's items are never split between batches (two leaders could commit the parts out of order).
    @Test("concurrent callers get their own results; every item runs once; at most maxLeaders batches at a time; a call's items stay together", arguments: [1, 3])
    func concurrentCallers(maxLeaders: Int) throws {
        let commit = GroupCommit<Int, Int, Lost>(batchLimit: 7, maxLeaders: maxLeaders, lostResult: Lost())
        let running = Locked((now: 0, most: 0, items: [Int](), batches: [[Int]]()))
        let runBatch: @Sendable ([Int]) -> [Result<Int, Lost>] = { batch in
            running.withLock { state in
                state.now += 1
                state.most = max(state.most, state.now)
                state.items += batch
                state.batches.append(batch)
            }
            defer { running.withLock { $0.now -= 1 } }
            return batch.map { .success($0 * 2) }
        }
        let wrong = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 16) { thread in
            for call in 0..<40 {
                let first = (thread * 40 + call) * 3
                if call % 2 == 0 {
                    if (try? commit.submit(first, runBatch: runBatch)) != first * 2 { wrong.withLock { $0 += 1 } }
                } else {
                    let items = [first, first + 1, first + 2]
                    let results = commit.submit(items, runBatch: runBatch).map { try? $0.get() }
                    if results != items.map({ $0 * 2 }) { wrong.withLock { $0 += 1 } }
                }
            }
        }
        #expect(wrong.withLock { $0 } == 0)
        let state = running.withLock { $0 }
        #expect(state.most <= maxLeaders)
        var expected: [Int] = []
        for call in 0..<(16 * 40) {
            expected.append(call * 3)
            if call % 2 == 1 { expected += [call * 3 + 1, call * 3 + 2] }
        }
        #expect(state.items.sorted() == expected)
        var batchOf: [Int: Int] = [:]
        for (index, batch) in zip(state.batches.indices, state.batches) { for item in batch { batchOf[item] = index } }
        var split: [Int] = []
        for call in stride(from: 1, to: 16 * 40, by: 2) {
            let batches: Set<Int?> = [batchOf[call * 3], batchOf[call * 3 + 1], batchOf[call * 3 + 2]]
            if batches.count != 1 { split.append(call) }
        }
        #expect(split.isEmpty, "calls whose items were split between batches: \(split.prefix(5))")
    }

    /// The leader is held inside its first batch while two calls of three items queue behind it; a
    /// batch of at most four then takes the first call alone, never three items and one of the next.
    @Test("a batch is cut between calls, not inside one; a call larger than the limit gets a batch of its own")
    func batchesAreCutBetweenCalls() throws {
        let commit = GroupCommit<Int, Int, Lost>(batchLimit: 4, lostResult: Lost())
        let entered = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let batches = Locked([[Int]]())
        let runBatch: @Sendable ([Int]) -> [Result<Int, Lost>] = { batch in
            if batch == [0] {
                entered.signal()
                gate.wait()
            }
            batches.withLock { $0.append(batch) }
            return batch.map { .success($0) }
        }
        let done = DispatchGroup()
        // Threads of their own: blocked dispatch workers make libdispatch add threads only slowly.
        func onThread(_ body: @escaping @Sendable () -> Void) {
            done.enter()
            Thread {
                body()
                done.leave()
            }.start()
        }
        onThread { _ = try? commit.submit(0, runBatch: runBatch) }
        entered.wait()
        onThread { _ = commit.submit([1, 2, 3], runBatch: runBatch) }
        try #require(waitUntil(timeout: 10) { commit.waitingCount == 3 })
        onThread { _ = commit.submit([4, 5, 6], runBatch: runBatch) }
        try #require(waitUntil(timeout: 10) { commit.waitingCount == 6 })
        onThread { _ = commit.submit([7, 8, 9, 10, 11], runBatch: runBatch) }
        try #require(waitUntil(timeout: 10) { commit.waitingCount == 11 })
        gate.signal()
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(batches.withLock { $0 } == [[0], [1, 2, 3], [4, 5, 6], [7, 8, 9, 10, 11]])
    }
}
