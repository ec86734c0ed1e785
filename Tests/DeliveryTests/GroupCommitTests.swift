import Dispatch
import Locking
import Testing
@testable import Delivery

@Suite("Group commit")
struct GroupCommitTests {
    private struct Lost: Error, Equatable {}

    /// Many threads at once, single and several items per call: each caller gets exactly its own
    /// results, every item runs once, and no more batches run at a time than the leaders allowed.
    @Test("concurrent callers get their own results; every item runs once; at most maxLeaders batches at a time", arguments: [1, 3])
    func concurrentCallers(maxLeaders: Int) throws {
        let commit = GroupCommit<Int, Int, Lost>(batchLimit: 7, maxLeaders: maxLeaders, lostResult: Lost())
        let running = Locked((now: 0, most: 0, items: [Int]()))
        let runBatch: @Sendable ([Int]) -> [Result<Int, Lost>] = { batch in
            running.withLock { state in
                state.now += 1
                state.most = max(state.most, state.now)
                state.items += batch
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
    }
}
