import CSQLite
import Foundation
import Locking

/// Copies the write-ahead log back into the database file on a thread of its own, so that commits
/// do not wait for it.
///
/// By default SQLite checkpoints in the connection that commits, once the log passes 1,000 pages:
/// that commit, and every enqueue, claim and outcome waiting for the store's one connection, then
/// waits for the copy and the database file's fsync (5–10 ms under load; without it, durable
/// accept over HTTP answered a fifth more requests). Here a commit that leaves `backgroundFrames`
/// new frames in the log wakes this thread, which checkpoints passively on a connection of its own:
/// a passive checkpoint neither waits for nor blocks the writer.
///
/// A log is only started over by a commit that finds every frame copied, which a writer that never
/// pauses does not let a concurrent checkpoint achieve. So the committing connection still
/// checkpoints itself once the log holds `writerFrames` frames, as SQLite would have at 1,000: by then
/// almost all of them are copied, so that checkpoint is short, and the log starts over. The log stays
/// bounded (about 32 MiB with 4 KiB pages) however long the load lasts.
final class SQLiteCheckpointer: Sendable {
    static let backgroundFrames: Int32 = 1_000
    static let writerFrames: Int32 = 8_000

    private struct State {
        /// Frames in the log after the last commit.
        var logFrames: Int32 = 0
        /// Frames the last background checkpoint left copied (or tried to: see `run`).
        var checkpointedFrames: Int32 = 0
        var started = false
        var stopping = false
        var stopped = false

        var needsCheckpoint: Bool { logFrames - checkpointedFrames >= SQLiteCheckpointer.backgroundFrames }
    }

    private let path: String
    private let state = Locked(State())
    private let signal = NSCondition()
    /// Held while a checkpoint copies, by the thread or by the writer, so that one waits for the other.
    private let copying = Locked(())

    init(path: String) {
        self.path = path
    }

    /// Takes over `connection`'s checkpoints. The connection must not outlive this checkpointer's
    /// `stop`: its hook refers to it unretained.
    func attach(to connection: SQLiteConnection) {
        connection.afterEachCommit({ context, db, name, frames in
            guard let context else { return SQLITE_OK }
            let checkpointer = Unmanaged<SQLiteCheckpointer>.fromOpaque(context).takeUnretainedValue()
            if frames >= SQLiteCheckpointer.writerFrames {
                checkpointer.checkpointInWriter(db, name)
            } else {
                checkpointer.logGrew(to: frames)
            }
            return SQLITE_OK
        }, context: Unmanaged.passUnretained(self).toOpaque())
    }

    /// The writer's own checkpoint, what SQLite's automatic one would do (its errors too: a failed
    /// checkpoint never fails the commit it follows). It first waits for the thread's checkpoint if
    /// one is running: SQLite lets one checkpoint run at a time and a second one gives up at once,
    /// so under a loaded machine, where the thread's copy is slow, the writer's attempt after every
    /// commit kept meeting it and the log grew past 12,000 frames. Waiting costs the writer at most
    /// the rest of one copy, once per `writerFrames`.
    private func checkpointInWriter(_ db: OpaquePointer?, _ name: UnsafePointer<CChar>?) {
        copying.withLock { _ in _ = sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nil, nil) }
    }

    /// Ends the thread, after the checkpoint it is making if any.
    func stop() {
        signal.lock()
        defer { signal.unlock() }
        state.withLock { $0.stopping = true }
        signal.broadcast()
        while state.withLock({ $0.started && !$0.stopped }) { signal.wait() }
    }

    private func logGrew(to frames: Int32) {
        signal.lock()
        defer { signal.unlock() }
        let (wake, start) = state.withLock { state -> (Bool, Bool) in
            if frames < state.checkpointedFrames { state.checkpointedFrames = 0 }  // the log started over
            state.logFrames = frames
            guard state.needsCheckpoint, !state.stopping else { return (false, false) }
            defer { state.started = true }
            return (true, !state.started)
        }
        if start {
            let thread = Thread { [self] in run() }
            thread.name = "herald-checkpoint"
            thread.start()
        }
        if wake { signal.broadcast() }
    }

    private func run() {
        checkpointUntilStopped()
        signal.broadcast(after: { state.withLock { $0.stopped = true } })
    }

    /// The thread's connection is closed when this returns, before `stop` can return.
    private func checkpointUntilStopped() {
        let connection = try? SQLiteConnection(path: path, busyTimeout: 0)
        try? connection?.execute("PRAGMA synchronous=FULL")
        while true {
            signal.lock()
            while !state.withLock({ $0.stopping || $0.needsCheckpoint }) { signal.wait() }
            let stopping = state.withLock { $0.stopping }
            signal.unlock()
            if stopping { return }
            let target = state.withLock { $0.logFrames }
            // A failed checkpoint (a full disk, say) is tried again after as many new frames; the
            // writer's own checkpoint still bounds the log meanwhile.
            let copied = copying.withLock { _ in (try? connection?.checkpointPassively())?.checkpointedFrames ?? target }
            state.withLock { state in
                state.checkpointedFrames = state.logFrames < target ? 0 : max(copied, target)
            }
        }
    }
}
