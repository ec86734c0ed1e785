import Foundation
import Glibc
import Locking

/// Wakes a worker when another instance enqueues: a connection of its own `LISTEN`s on a channel and
/// a thread waits on its socket, calling `wake` for every notification. A lost connection is opened
/// again after a pause; meanwhile the worker's polling finds the work.
final class PostgresListener: Sendable {
    private let stopping = Locked(false)
    private let finished = DispatchSemaphore(value: 0)

    /// How long the thread waits on the socket before looking at `stop` again (milliseconds).
    static let pollInterval: Int32 = 200

    init(pool: PostgresPool, channel: String, wake: @escaping @Sendable () -> Void) throws(PostgresError) {
        let first = try Self.listening(pool: pool, channel: channel)
        let thread = Thread { [stopping, finished] in
            var connection: PostgresConnection? = first
            while !stopping.withLock({ $0 }) {
                guard let current = connection else {
                    Thread.sleep(forTimeInterval: 1)
                    connection = try? Self.listening(pool: pool, channel: channel)
                    continue
                }
                var descriptor = pollfd(fd: current.socket, events: Int16(POLLIN), revents: 0)
                guard poll(&descriptor, 1, Self.pollInterval) >= 0 else { continue }
                do {
                    if try !current.notifications().isEmpty { wake() }
                } catch {
                    connection = nil
                }
            }
            finished.signal()
        }
        thread.name = "herald-store-listen"
        thread.start()
    }

    private static func listening(pool: PostgresPool, channel: String) throws(PostgresError) -> PostgresConnection {
        let connection = try pool.connect()
        try connection.execute("LISTEN \(channel)")
        return connection
    }

    /// Stops the thread and waits (bounded) for it to close its connection.
    func stop() {
        stopping.withLock { $0 = true }
        _ = finished.wait(timeout: .now() + 2)
    }
}
