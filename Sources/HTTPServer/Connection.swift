/// One client connection: its descriptor, its state machine, and what epoll watches on it.
/// Owned by the event loop thread: nothing else reads or writes it.
final class Connection {
    /// Distinguishes this connection from a later one that reuses the same descriptor.
    let id: UInt64
    let fd: Int32
    var machine: ConnectionStateMachine
    /// The epoll events currently registered (0: not registered).
    var registeredEvents: UInt32 = 0
    /// The idle time the `ConnectionRegistry` holds for it (`nil`: busy), so the loop tells the
    /// registry only when the machine's `idleSince` changes.
    var registeredIdleSince: Double?
    /// How many more requests the loop may answer itself in the current event (`EventLoop.eventLoopAnswersPerEvent`).
    var eventLoopAnswersLeft = 0

    init(id: UInt64, fd: Int32, machine: ConnectionStateMachine) {
        self.id = id
        self.fd = fd
        self.machine = machine
        registeredIdleSince = machine.idleSince
    }
}
