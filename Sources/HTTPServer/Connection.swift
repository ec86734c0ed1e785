/// One client connection's state. Owned by the event loop thread: nothing else reads or writes it.
final class Connection {
    enum Phase {
        /// Waiting for (or in the middle of) a request line and headers.
        case readingHead
        /// The head is parsed; waiting until the whole body is buffered.
        case readingBody(RequestHead, headLength: Int, deadline: Double)
        /// A handler runs on a worker; the connection reads nothing meanwhile, so pipelined
        /// requests wait in the kernel buffer and responses leave in order.
        case processing
        /// The last response is being written; then the connection closes.
        case closingAfterWrite
        /// Our side is shut down; unread client bytes are drained briefly so the client sees
        /// our error response rather than a reset.
        case lingering(until: Double)
    }

    /// Distinguishes this connection from a later one that reuses the same descriptor.
    let id: UInt64
    let fd: Int32
    var input: [UInt8] = []
    var output: [UInt8] = []
    var outputOffset = 0
    var phase: Phase = .readingHead
    /// When the current request's head must be complete; `nil` while idle between requests.
    var headDeadline: Double?
    /// When the connection last became idle (for the keep-alive idle timeout).
    var idleSince: Double
    /// When a stalled write gives up; `nil` while nothing is waiting to be written.
    var writeDeadline: Double?
    var sentContinue = false
    /// The client shut down its sending side: answer what it sent, then close.
    var peerFinishedSending = false
    /// The epoll events currently registered (0: not registered).
    var registeredEvents: UInt32 = 0

    init(id: UInt64, fd: Int32, now: Double, headerTimeout: Double) {
        self.id = id
        self.fd = fd
        self.idleSince = now
        self.headDeadline = now + headerTimeout
    }

    var hasPendingOutput: Bool { outputOffset < output.count }
}
