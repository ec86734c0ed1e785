import CSystem
import Locking
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One socket loop: one thread, its own `epoll` set, non-blocking sockets. It moves bytes of the
/// connections it was given, runs the parser on what it has read, enforces deadlines and limits, and
/// hands complete requests to the worker pool (shared by every loop),
/// except those whose handler never blocks (`HandlerExecution.eventLoop`): those it answers itself,
/// writing the response in the same turn (at most `eventLoopAnswersPerEvent` per connection and
/// event, so a long pipeline of them cannot keep the loop from other connections).
///
/// The loop holding the listening socket (the first) accepts for all of them: the shared
/// `ConnectionRegistry` admits each connection (the cap, the eviction of the idlest connection of
/// any loop) and names the loop with the fewest connections, to which it is handed (`arrive`).
///
/// Each connection's phase lives in its `ConnectionStateMachine`; the loop performs the actions
/// the machine returns and watches the socket for what the machine waits on.
///
/// Threading invariant: everything except `completions`, `arrivals`, `shutdownRequested`,
/// `statistics` and `wakeFD` is touched only by the loop thread (inside `run()`); `peers` is set
/// before the threads start.
final class EventLoop: @unchecked Sendable {
    /// A finished response, handed from a worker back to the loop.
    private struct Completion {
        var fd: Int32
        var connectionID: UInt64
        var pieces: [[UInt8]]
        var keepAlive: Bool
    }

    /// A connection the accepting loop admitted for this one.
    struct Arrival {
        var fd: Int32
        var id: UInt64
        var acceptedAt: Double
    }

    private let configuration: ServerConfiguration
    private let handler: @Sendable (ServerRequest) -> ServerResponse
    private let execution: @Sendable (ServerRequest) -> HandlerExecution
    static let eventLoopAnswersPerEvent = 16
    /// The most pieces one `sendmsg` gathers (far below `IOV_MAX`; a response has a few).
    static let piecesPerWrite = 16
    private let workers: WorkerPool
    private let registry: ConnectionRegistry
    /// The listening socket, on the accepting loop only.
    private let listener: ListeningSocket?
    /// Every loop of the server (this one included), indexed as the registry names them.
    var peers: [EventLoop] = []
    private let epollFD: Int32
    private let wakeFD: Int32
    private let completions = Locked<[Completion]>([])
    private let arrivals = Locked<[Arrival]>([])
    private let shutdownRequested = Atomic<Bool>(false)
    private let statistics = Locked(ServerStatistics())
    private let timeouts: ConnectionStateMachine.Timeouts

    private var listenerOpen = true
    private var connections: [Int32: Connection] = [:]
    private var shutdownDeadline: Double?
    /// A spare descriptor (accepting loop only), given up to accept-and-refuse one client when descriptors run out.
    private var reserveFD: Int32
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var largestBufferedInput = 0
    private var largestPendingOutput = 0

    init(
        configuration: ServerConfiguration, listener: ListeningSocket?, registry: ConnectionRegistry, workers: WorkerPool,
        handler: @escaping @Sendable (ServerRequest) -> ServerResponse, execution: @escaping @Sendable (ServerRequest) -> HandlerExecution
    ) throws(ServerError) {
        self.configuration = configuration
        self.handler = handler
        self.execution = execution
        self.listener = listener
        self.registry = registry
        self.workers = workers
        timeouts = ConnectionStateMachine.Timeouts(
            header: configuration.headerTimeout, body: configuration.bodyTimeout,
            idle: configuration.idleTimeout, write: configuration.writeTimeout)
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .systemCall("epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw .systemCall("eventfd", errno: errno) }
        reserveFD = listener == nil ? -1 : open("/dev/null", O_RDONLY | O_CLOEXEC)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        if let listener { register(fd: listener.fd, events: EPOLLIN.rawValue) }
        register(fd: wakeFD, events: EPOLLIN.rawValue)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// Asks the loop to stop accepting, finish in-flight requests and return from `run()`.
    /// Safe from any thread (and from a signal-handling queue).
    func requestShutdown() {
        shutdownRequested.store(true, ordering: .sequentiallyConsistent)
        eventfd_write(wakeFD, 1)
    }

    /// The figures of the last deadline sweep. Safe from any thread.
    var currentStatistics: ServerStatistics {
        statistics.withLock { $0 }
    }

    /// Runs until a requested shutdown has completed (or its grace period ran out), then closes
    /// what connections are left; `release()` follows once the workers have stopped.
    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var nextSweep = MonotonicClock.now() + 0.25
        while true {
            let count = epoll_wait(epollFD, &events, Int32(events.count), 250)
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(0, Int(count)) {
                dispatch(events[index])
            }
            let now = MonotonicClock.now()
            if now >= nextSweep {
                sweepDeadlines(now: now)
                nextSweep = now + 0.25
            }
            if let shutdownDeadline, connections.isEmpty || now >= shutdownDeadline { break }
        }
        for connection in Array(connections.values) { closeConnection(connection) }
    }

    /// Closes the loop's descriptors, after every loop has returned from `run()` and the workers
    /// have stopped (a worker's completion wakes the loop through `wakeFD` until then). A connection
    /// still waiting to arrive (handed over as this loop stopped) is closed too.
    func release() {
        for arrival in arrivals.withLock({ $0 }) {
            registry.closed(arrival.id)
            close(arrival.fd)
        }
        close(epollFD)
        close(wakeFD)
        if reserveFD >= 0 { close(reserveFD) }
    }

    /// Hands this loop a connection admitted by the accepting loop. Safe from any thread.
    func arrive(_ arrival: Arrival) {
        arrivals.withLock { $0.append(arrival) }
        eventfd_write(wakeFD, 1)
    }

    // MARK: - Events

    private func dispatch(_ event: epoll_event) {
        let fd = event.data.fd
        if listenerOpen, let listener, fd == listener.fd {
            acceptPending()
            return
        }
        if fd == wakeFD {
            var value: eventfd_t = 0
            eventfd_read(wakeFD, &value)
            drainCompletions()
            adoptArrivals()
            if shutdownRequested.load(ordering: .sequentiallyConsistent) && shutdownDeadline == nil { beginShutdown() }
            return
        }
        guard let connection = connections[fd] else { return }
        // Reported even when not asked for: the socket is reset or shut down both ways, so
        // nothing more can be written (and ignoring it would spin).
        if event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            closeConnection(connection)
            return
        }
        connection.eventLoopAnswersLeft = Self.eventLoopAnswersPerEvent
        if event.events & EPOLLOUT.rawValue != 0 {
            perform(.write, on: connection)
        }
        if event.events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0, connections[fd] === connection {
            readAvailable(connection)
        }
    }

    private func acceptPending() {
        for _ in 0..<64 {
            guard listenerOpen, let listener, let accepted = listener.accept() else { return }
            switch accepted {
            case .success(let fd):
                let now = MonotonicClock.now()
                switch registry.admit(fd: fd, now: now) {
                case .refused:
                    refuse(fd, "too many open connections")
                case .admitted(let loop, let id):
                    let arrival = Arrival(fd: fd, id: id, acceptedAt: now)
                    if peers.indices.contains(loop), peers[loop] !== self { peers[loop].arrive(arrival) } else { adopt(arrival) }
                }
            case .failure(let failure):
                if failure.isOutOfDescriptors && reserveFD >= 0 {
                    close(reserveFD)
                    if case .success(let fd)? = listener.accept() { refuse(fd, "out of file descriptors") }
                    reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
                }
                return
            }
        }
    }

    private func adoptArrivals() {
        let arrived = arrivals.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        for arrival in arrived { adopt(arrival) }
    }

    /// Serves a connection from now on; during a shutdown it closes as soon as it is idle.
    private func adopt(_ arrival: Arrival) {
        let machine = ConnectionStateMachine(limits: configuration.limits, timeouts: timeouts, now: arrival.acceptedAt)
        let connection = Connection(id: arrival.id, fd: arrival.fd, machine: machine)
        connections[arrival.fd] = connection
        if shutdownDeadline != nil {
            perform(connection.machine.shutdownRequested(), on: connection)
        } else {
            updateInterest(connection)
        }
    }

    /// Answers `503` on a fresh socket (its send buffer is empty, so this does not block) and closes it.
    private func refuse(_ fd: Int32, _ reason: String) {
        let bytes = ResponseSerializer.serialize(configuration.errorResponse(.serviceUnavailable, reason), version: .http11, headOnly: false, keepAlive: false, date: HTTPDate.now())
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
    }

    /// Reads only what the connection's state machine accepts: nothing while a response is
    /// pending, so a client that does not read cannot make the server buffer what it sends.
    private func readAvailable(_ connection: Connection) {
        if connection.registeredIdleSince != nil {
            // Busy before reading: the accepting loop must not evict it with a request half read.
            connection.registeredIdleSince = nil
            registry.setIdle(connection.id, since: nil)
        }
        for _ in 0..<16 {
            let capacity = connection.machine.readCapacity
            guard capacity > 0 else { break }
            let wanted = min(capacity, readBuffer.count)
            let count = recv(connection.fd, readBuffer.baseAddress, wanted, 0)
            if count > 0 {
                let action = connection.machine.bytesRead(UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]), now: MonotonicClock.now())
                largestBufferedInput = max(largestBufferedInput, connection.machine.bufferedInputCount)
                perform(action, on: connection)
                guard connections[connection.fd] === connection else { return }
                if count < wanted { break }
            } else if count == 0 {
                perform(connection.machine.peerClosed(now: MonotonicClock.now()), on: connection)
                return
            } else {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { break }
                closeConnection(connection)
                return
            }
        }
        updateInterest(connection)
    }

    /// Does what the state machine asked, and what that leads to, then watches for what the machine
    /// now waits on. A loop, not recursion: answering a pipeline of requests never deepens the stack.
    private func perform(_ first: ConnectionStateMachine.Action, on connection: Connection) {
        var action = first
        while connections[connection.fd] === connection {
            switch action {
            case .none:
                updateInterest(connection)
                return
            case .write:
                action = write(connection)
            case .dispatch(let request):
                action = dispatchRequest(request, on: connection)
            case .respondWithError(let status, let reason):
                let response = configuration.errorResponse(status, reason)
                let pieces = ResponseSerializer.pieces(response, version: .http11, headOnly: false, keepAlive: false, date: HTTPDate.now())
                action = responseReady(pieces, keepAlive: false, on: connection)
            case .shutdownWriting:
                shutdown(connection.fd, Int32(SHUT_WR))
                action = .none
            case .close:
                closeConnection(connection)
                return
            }
        }
    }

    // MARK: - Requests

    /// Answers the request here when its handler never blocks (and the connection's share of this
    /// event is not used up), else hands it to a worker, whose answer comes back through `complete`.
    private func dispatchRequest(_ request: ServerRequest, on connection: Connection) -> ConnectionStateMachine.Action {
        if connection.eventLoopAnswersLeft > 0, execution(request) == .eventLoop {
            connection.eventLoopAnswersLeft -= 1
            var request = request
            request.execution = .eventLoop
            let (pieces, keepAlive) = answer(request)
            return responseReady(pieces, keepAlive: keepAlive, on: connection)
        }
        let fd = connection.fd
        let connectionID = connection.id
        workers.submit { [self] in
            let (pieces, keepAlive) = answer(request)
            complete(Completion(fd: fd, connectionID: connectionID, pieces: pieces, keepAlive: keepAlive))
        }
        return .none
    }

    /// Runs the handler and frames its response (on the loop or on a worker).
    private func answer(_ request: ServerRequest) -> (pieces: [[UInt8]], keepAlive: Bool) {
        let response = handler(request)
        let keepAlive = request.wantsKeepAlive && !shutdownRequested.load(ordering: .sequentiallyConsistent)
        let pieces = ResponseSerializer.pieces(response, version: request.version, headOnly: request.method == .head, keepAlive: keepAlive, date: HTTPDate.now())
        return (pieces, keepAlive)
    }

    /// Called on a worker thread: queue the response for the loop and wake it.
    private func complete(_ completion: Completion) {
        completions.withLock { $0.append(completion) }
        eventfd_write(wakeFD, 1)
    }

    private func drainCompletions() {
        let finished = completions.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        for completion in finished {
            guard let connection = connections[completion.fd], connection.id == completion.connectionID else { continue }
            connection.eventLoopAnswersLeft = Self.eventLoopAnswersPerEvent
            perform(responseReady(completion.pieces, keepAlive: completion.keepAlive, on: connection), on: connection)
        }
    }

    private func responseReady(_ pieces: [[UInt8]], keepAlive: Bool, on connection: Connection) -> ConnectionStateMachine.Action {
        let action = connection.machine.responseReady(pieces: pieces, keepAlive: keepAlive, now: MonotonicClock.now())
        largestPendingOutput = max(largestPendingOutput, connection.machine.pendingOutputCount)
        return action
    }

    // MARK: - Writing

    /// Writes what the socket accepts now, and returns what the machine asks next; `.none` with
    /// output still pending means the socket is full (the connection then watches for writability).
    /// The response's pieces (head, body parts) leave in one gathering `sendmsg`, none copied; one
    /// piece (most responses) in one `send`.
    private func write(_ connection: Connection) -> ConnectionStateMachine.Action {
        while connection.machine.hasPendingOutput {
            // Read before sending: a client may act on the answer before this thread runs again, and
            // idle times must keep the order in which answers left (the idlest is evicted first).
            let now = MonotonicClock.now()
            let sent = connection.machine.pendingPieceCount == 1 ? connection.machine.withPendingOutput { bytes in
                send(connection.fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            } : connection.machine.withPendingOutput(pieces: Self.piecesPerWrite) { buffers -> Int in
                withUnsafeTemporaryAllocation(of: iovec.self, capacity: buffers.count) { vectors -> Int in
                    for (index, buffer) in buffers.enumerated() {
                        vectors[index] = iovec(iov_base: UnsafeMutableRawPointer(mutating: buffer.baseAddress), iov_len: buffer.count)
                    }
                    var message = msghdr()
                    message.msg_iov = vectors.baseAddress
                    message.msg_iovlen = buffers.count
                    return sendmsg(connection.fd, &message, Int32(MSG_NOSIGNAL))
                }
            }
            if sent > 0 {
                let next = connection.machine.wrote(sent, now: now)
                if case .none = next { continue }
                return next
            }
            let code = errno
            if sent < 0 && code == EINTR { continue }
            if sent < 0 && (code == EAGAIN || code == EWOULDBLOCK) { return .none }
            return .close
        }
        return .none
    }

    // MARK: - Deadlines and shutdown

    private func sweepDeadlines(now: Double) {
        var figures = ServerStatistics()
        for connection in Array(connections.values) {
            perform(connection.machine.timerFired(now: now), on: connection)
            guard connections[connection.fd] === connection else { continue }
            figures.bufferedInputBytes += connection.machine.bufferedInputCount
            figures.pendingOutputBytes += connection.machine.pendingOutputCount
        }
        figures.openConnections = connections.count
        figures.largestBufferedInput = largestBufferedInput
        figures.largestPendingOutput = largestPendingOutput
        statistics.withLock { $0 = figures }
    }

    private func beginShutdown() {
        shutdownDeadline = MonotonicClock.now() + configuration.shutdownGracePeriod
        if listenerOpen, let listener {
            epoll_ctl(epollFD, EPOLL_CTL_DEL, listener.fd, nil)
            close(listener.fd)
            listenerOpen = false
        }
        for connection in Array(connections.values) {
            perform(connection.machine.shutdownRequested(), on: connection)
        }
    }

    // MARK: - Registration

    private func updateInterest(_ connection: Connection) {
        let idleSince = connection.machine.idleSince
        if idleSince != connection.registeredIdleSince {
            connection.registeredIdleSince = idleSince
            registry.setIdle(connection.id, since: idleSince)
        }
        var wanted: UInt32 = 0
        if connection.machine.readCapacity > 0 { wanted |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if connection.machine.hasPendingOutput { wanted |= EPOLLOUT.rawValue }
        guard wanted != connection.registeredEvents else { return }
        if wanted == 0 {
            epoll_ctl(epollFD, EPOLL_CTL_DEL, connection.fd, nil)
        } else {
            var event = epoll_event()
            event.events = wanted
            event.data.fd = connection.fd
            epoll_ctl(epollFD, connection.registeredEvents == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, connection.fd, &event)
        }
        connection.registeredEvents = wanted
    }

    private func register(fd: Int32, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.fd = fd
        epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
    }

    private func closeConnection(_ connection: Connection) {
        guard connections[connection.fd] === connection else { return }
        if connection.registeredEvents != 0 { epoll_ctl(epollFD, EPOLL_CTL_DEL, connection.fd, nil) }
        connections[connection.fd] = nil
        registry.closed(connection.id)
        close(connection.fd)
    }
}
