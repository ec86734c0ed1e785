import CSystem
import Locking
#if canImport(Glibc)
import Glibc
#endif

/// Every open connection of every event loop, so that the connection cap and the eviction of the
/// connection idle longest stay one decision however many loops serve: the acceptor admits under
/// this lock, and picks the loop with the fewest connections for the new one.
///
/// Descriptor safety: a loop removes its connection's entry (`closed`) before it closes the
/// descriptor, and an eviction shuts another loop's socket down (`shutdown(2)`, never `close`) while
/// holding the lock with the entry still present, so the descriptor cannot have been closed and
/// reused meanwhile. The owning loop then sees the hang-up and closes it itself.
final class ConnectionRegistry: Sendable {
    /// Where the acceptor sends a connection it admitted.
    enum Admission: Equatable {
        case admitted(loop: Int, id: UInt64)
        /// Every connection is busy: the client is answered `503`.
        case refused
    }

    private struct Entry {
        var loop: Int
        var fd: Int32
        /// When the connection became idle (nothing buffered or pending, between requests), if it is.
        var idleSince: Double?
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var openPerLoop: [Int]
        var nextID: UInt64 = 0
        var evicted = 0
        var refused = 0
    }

    /// The most open connections, over all loops.
    let cap: Int
    private let state: Locked<State>

    /// - Parameter maxConnections: the configured cap, lowered to fit the descriptor limit.
    init(maxConnections: Int, loopCount: Int) {
        cap = Self.cap(fitting: maxConnections)
        state = Locked(State(openPerLoop: Array(repeating: 0, count: max(1, loopCount))))
    }

    /// Admits a connection just accepted on `fd`, idle since `now` (no request yet): when the table
    /// is full, evicts the idlest connection of any loop first, or refuses when none is idle.
    func admit(fd: Int32, now: Double) -> Admission {
        state.withLock { state in
            if state.entries.count >= cap {
                guard let (victim, entry) = Self.idlest(in: state.entries) else {
                    state.refused += 1
                    return .refused
                }
                shutdown(entry.fd, Int32(SHUT_RDWR))
                Self.remove(victim, from: &state)
                state.evicted += 1
            }
            var loop = 0
            for (index, count) in state.openPerLoop.enumerated() where count < state.openPerLoop[loop] { loop = index }
            state.nextID &+= 1
            state.entries[state.nextID] = Entry(loop: loop, fd: fd, idleSince: now)
            state.openPerLoop[loop] += 1
            return .admitted(loop: loop, id: state.nextID)
        }
    }

    /// The connection became idle at `since` (or, with `nil`, busy: about to read a request), so
    /// that an eviction never takes a connection in the middle of a request. No-op once evicted.
    func setIdle(_ id: UInt64, since: Double?) {
        state.withLock { state in state.entries[id]?.idleSince = since }
    }

    /// The owning loop is about to close the connection's descriptor. No-op once evicted.
    func closed(_ id: UInt64) {
        state.withLock { state in Self.remove(id, from: &state) }
    }

    /// Connections closed to make room, and clients refused, since the server started; and the
    /// connections idle now, the ones an eviction may take.
    var evictedRefusedAndIdle: (evicted: Int, refused: Int, idle: Int) {
        state.withLock { state in
            (state.evicted, state.refused, state.entries.values.reduce(0) { $0 + ($1.idleSince == nil ? 0 : 1) })
        }
    }

    /// The connection idle longest with no request bytes waiting unread in the kernel either, which
    /// can be closed without losing anything; `nil` when every connection is busy.
    private static func idlest(in entries: [UInt64: Entry]) -> (UInt64, Entry)? {
        var peeked: UInt8 = 0
        let idle = entries.compactMap { id, entry in entry.idleSince.map { (id, entry, $0) } }
        return idle.sorted { $0.2 < $1.2 }.first { candidate in
            recv(candidate.1.fd, &peeked, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT)) <= 0
        }.map { ($0.0, $0.1) }
    }

    private static func remove(_ id: UInt64, from state: inout State) {
        guard let entry = state.entries.removeValue(forKey: id) else { return }
        state.openPerLoop[entry.loop] -= 1
    }

    /// The connection cap, lowered to fit the process's descriptor limit (raised to its hard
    /// maximum first) so that accepting never exhausts descriptors.
    private static func cap(fitting requested: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return requested }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        let available = Int(clamping: limit.rlim_cur) - 64
        return max(1, min(requested, available))
    }
}
