import Foundation
import Testing
import TestSupport
@testable import Delivery

/// The write-ahead log is copied back by the store's checkpoint thread, not by the commits, and it
/// stays bounded while enqueues never pause.
@Suite("SQLite checkpoints")
struct SQLiteCheckpointTests {
    let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// `count` messages of about 30 KB each, enqueued as one group-commit batch.
    func enqueue(_ store: SQLiteSpoolStore, _ count: Int, from first: Int) throws {
        let body = String(repeating: "A long installment line that is not compressed away. ", count: 560)
        let batch = (first..<(first + count)).map { index in
            EnqueueRequest(message: Fixtures.message(id: "m-\(index)", body: body), sendAt: nil, fingerprint: "f")
        }
        for result in store.enqueue(batch, now: now) { _ = try result.get() }
    }

    @Test("a log past 1,000 frames is copied into the database by the checkpoint thread while the writer goes on")
    func backgroundCheckpoint() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        let store = try SQLiteSpoolStore(path: path)
        let before = Self.size(path)
        // About 2,500 frames: past the thread's threshold, well below the writer's own.
        try enqueue(store, 300, from: 0)
        #expect(Self.size(path + "-wal") < Int(SQLiteCheckpointer.writerFrames) * 4_120)
        #expect(waitUntil(timeout: 20) { Self.size(path) > before + 4_000_000 }, "the database file did not grow: \(Self.size(path)) bytes")
        try enqueue(store, 10, from: 300)
        #expect(try store.find(id: "m-0")?.state == .queued && store.find(id: "m-309")?.state == .queued)
    }

    @Test("under enqueues that never pause the log stays near 8,000 frames, and every message is kept")
    func boundedLog() throws {
        let base = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(base) }
        let path = base + "/herald.db"
        var largestLog = 0
        do {
            let store = try SQLiteSpoolStore(path: path)
            // A message is about 22 frames (its text, HTML and eml), 20 a commit: 55,000 frames in all.
            for round in 0..<125 {
                try enqueue(store, 20, from: round * 20)
                largestLog = max(largestLog, Self.size(path + "-wal"))
            }
            #expect(try store.counts()[.queued] == 2_500)
        }
        // The writer checkpoints itself at 8,000 frames, and the next commit starts the log over; a
        // commit or two more land first when the thread's own checkpoint was running at that moment.
        #expect(largestLog <= (Int(SQLiteCheckpointer.writerFrames) + 1_500) * 4_120, "the log reached \(largestLog) bytes")
        let reopened = try SQLiteSpoolStore(path: path)
        #expect(try reopened.counts()[.queued] == 2_500)
        #expect(try reopened.find(id: "m-2499")?.message.text.count ?? 0 > 25_000)
    }
}
