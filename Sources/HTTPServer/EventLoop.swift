import CSystem
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The socket loop: one thread, `epoll`, non-blocking sockets. It only moves bytes, runs the
/// parser on what it has read, enforces deadlines and limits, and hands complete requests to
/// the worker pool. Handlers never run on this thread.
///
/// Threading invariant: everything except `completions`, `shutdownRequested` and `wakeFD`
/// is touched only by the loop thread (inside `run()`).
final class EventLoop: @unchecked Sendable {
    /// A finished response, handed from a worker back to the loop.
    private struct Completion {
        var fd: Int32
        var connectionID: UInt64
        var bytes: [UInt8]
        var keepAlive: Bool
    }

    private let configuration: ServerConfiguration
    private let parser: RequestParser
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let workers: WorkerPool
    private let listener: ListeningSocket
    private let epollFD: Int32
    private let wakeFD: Int32
    private let completions = Mutex<[Completion]>([])
    private let shutdownRequested = Atomic<Bool>(false)

    private var listenerOpen = true
    private var connections: [Int32: Connection] = [:]
    private var nextConnectionID: UInt64 = 0
    private var shutdownDeadline: Double?
    /// A spare descriptor, given up to accept-and-refuse one client when descriptors run out.
    private var reserveFD: Int32
    private let maxConnections: Int
    private let readBuffer: UnsafeMutableRawBufferPointer

    init(configuration: ServerConfiguration, listener: ListeningSocket, handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws(ServerError) {
        self.configuration = configuration
        self.parser = RequestParser(limits: configuration.limits)
        self.handler = handler
        self.listener = listener
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw .systemCall("epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw .systemCall("eventfd", errno: errno) }
        reserveFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
        maxConnections = EventLoop.connectionCap(configuration.maxConnections)
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        workers = WorkerPool(threadCount: configuration.workerCount)
        register(fd: listener.fd, events: EPOLLIN.rawValue)
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

    /// Runs until a requested shutdown has completed (or its grace period ran out).
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
        workers.stop()
        drainCompletions()
        close(epollFD)
        close(wakeFD)
        if reserveFD >= 0 { close(reserveFD) }
    }

    // MARK: - Events

    private func dispatch(_ event: epoll_event) {
        let fd = event.data.fd
        if listenerOpen && fd == listener.fd {
            acceptPending()
            return
        }
        if fd == wakeFD {
            var value: eventfd_t = 0
            eventfd_read(wakeFD, &value)
            drainCompletions()
            if shutdownRequested.load(ordering: .sequentiallyConsistent) && shutdownDeadline == nil { beginShutdown() }
            return
        }
        guard let connection = connections[fd] else { return }
        if event.events & EPOLLERR.rawValue != 0 {
            closeConnection(connection)
            return
        }
        if event.events & EPOLLOUT.rawValue != 0 {
            flush(connection)
            guard connections[fd] === connection else { return }
            advance(connection)
        }
        if event.events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLRDHUP.rawValue) != 0, connections[fd] === connection {
            readAvailable(connection)
        }
    }

    private func acceptPending() {
        for _ in 0..<64 {
            guard listenerOpen, let accepted = listener.accept() else { return }
            switch accepted {
            case .success(let fd):
                if connections.count >= maxConnections {
                    refuse(fd, "too many open connections")
                    continue
                }
                nextConnectionID &+= 1
                let connection = Connection(id: nextConnectionID, fd: fd, now: MonotonicClock.now(), headerTimeout: configuration.headerTimeout)
                connections[fd] = connection
                updateInterest(connection)
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

    /// Answers `503` on a fresh socket (its send buffer is empty, so this does not block) and closes it.
    private func refuse(_ fd: Int32, _ reason: String) {
        let bytes = ResponseSerializer.serialize(configuration.errorResponse(.serviceUnavailable, reason), version: .http11, headOnly: false, keepAlive: false, date: HTTPDate.now())
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)) }
        shutdown(fd, Int32(SHUT_WR))
        close(fd)
    }

    private func readAvailable(_ connection: Connection) {
        let now = MonotonicClock.now()
        for _ in 0..<16 {
            let count = recv(connection.fd, readBuffer.baseAddress, readBuffer.count, 0)
            if count > 0 {
                if case .lingering = connection.phase { continue }
                if case .readingHead = connection.phase, connection.headDeadline == nil {
                    connection.headDeadline = now + configuration.headerTimeout
                }
                connection.input.append(contentsOf: UnsafeRawBufferPointer(rebasing: readBuffer[0..<count]))
                if count < readBuffer.count { break }
            } else if count == 0 {
                finishReading(connection)
                return
            } else {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { break }
                closeConnection(connection)
                return
            }
        }
        advance(connection)
    }

    /// The client half-closed (as `nc` or an HTTP/1.0 client may after sending): answer a complete
    /// request it left, drop an incomplete one.
    private func finishReading(_ connection: Connection) {
        connection.peerFinishedSending = true
        switch connection.phase {
        case .readingHead, .readingBody:
            advance(connection)
            switch connection.phase {
            case .readingHead, .readingBody: closeConnection(connection)
            case .processing, .closingAfterWrite, .lingering: updateInterest(connection)
            }
        case .processing, .closingAfterWrite, .lingering:
            closeConnection(connection)
        }
    }

    // MARK: - Requests

    /// Moves a connection forward with what it has buffered: parse, answer errors, dispatch.
    private func advance(_ connection: Connection) {
        guard connections[connection.fd] === connection, !connection.hasPendingOutput else { return }
        switch connection.phase {
        case .readingHead:
            guard !connection.input.isEmpty else { return }
            switch parser.parseHead(connection.input) {
            case .incomplete:
                return
            case .failure(let error):
                respondWithError(connection, error)
            case .head(let head, let length):
                if connection.input.count >= length + head.contentLength {
                    dispatchRequest(connection, head: head, headLength: length)
                } else {
                    connection.phase = .readingBody(head, headLength: length, deadline: MonotonicClock.now() + configuration.bodyTimeout)
                    if head.expectsContinue && !connection.sentContinue {
                        connection.sentContinue = true
                        queue(ResponseSerializer.continueResponse, on: connection)
                    }
                }
            }
        case .readingBody(let head, let length, _):
            if connection.input.count >= length + head.contentLength {
                dispatchRequest(connection, head: head, headLength: length)
            }
        case .processing, .closingAfterWrite, .lingering:
            return
        }
    }

    private func dispatchRequest(_ connection: Connection, head: RequestHead, headLength: Int) {
        let end = headLength + head.contentLength
        let request = head.request(body: Array(connection.input[headLength..<end]))
        connection.input.removeFirst(end)
        connection.phase = .processing
        connection.headDeadline = nil
        connection.sentContinue = false
        updateInterest(connection)

        let fd = connection.fd
        let connectionID = connection.id
        let handler = self.handler
        workers.submit { [self] in
            let response = handler(request)
            let keepAlive = request.wantsKeepAlive && !shutdownRequested.load(ordering: .sequentiallyConsistent)
            let bytes = ResponseSerializer.serialize(response, version: request.version, headOnly: request.method == .head, keepAlive: keepAlive, date: HTTPDate.now())
            complete(Completion(fd: fd, connectionID: connectionID, bytes: bytes, keepAlive: keepAlive))
        }
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
        let now = MonotonicClock.now()
        for completion in finished {
            guard let connection = connections[completion.fd], connection.id == completion.connectionID else { continue }
            if completion.keepAlive && shutdownDeadline == nil && !connection.peerFinishedSending {
                connection.phase = .readingHead
                connection.idleSince = now
                connection.headDeadline = connection.input.isEmpty ? nil : now + configuration.headerTimeout
            } else {
                connection.phase = .closingAfterWrite
            }
            queue(completion.bytes, on: connection)
            advance(connection)
        }
    }

    private func respondWithError(_ connection: Connection, _ error: RequestParseError) {
        let response = configuration.errorResponse(error.status, error.description)
        connection.phase = .closingAfterWrite
        connection.input.removeAll()
        queue(ResponseSerializer.serialize(response, version: .http11, headOnly: false, keepAlive: false, date: HTTPDate.now()), on: connection)
    }

    // MARK: - Writing

    private func queue(_ bytes: [UInt8], on connection: Connection) {
        if connection.hasPendingOutput {
            connection.output.append(contentsOf: bytes)
        } else {
            connection.output = bytes
            connection.outputOffset = 0
        }
        flush(connection)
    }

    /// Writes what the socket accepts now; registers for writability for the rest.
    private func flush(_ connection: Connection) {
        while connection.hasPendingOutput {
            let sent = connection.output.withUnsafeBytes { bytes -> Int in
                guard let base = bytes.baseAddress else { return 0 }
                return send(connection.fd, base + connection.outputOffset, bytes.count - connection.outputOffset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                connection.outputOffset += sent
                continue
            }
            let code = errno
            if sent < 0 && code == EINTR { continue }
            if sent < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                if connection.writeDeadline == nil { connection.writeDeadline = MonotonicClock.now() + configuration.writeTimeout }
                updateInterest(connection)
                return
            }
            closeConnection(connection)
            return
        }
        connection.output = []
        connection.outputOffset = 0
        connection.writeDeadline = nil
        if case .closingAfterWrite = connection.phase {
            shutdown(connection.fd, Int32(SHUT_WR))
            connection.phase = .lingering(until: MonotonicClock.now() + 2)
        }
        updateInterest(connection)
    }

    // MARK: - Deadlines and shutdown

    private func sweepDeadlines(now: Double) {
        for connection in Array(connections.values) {
            if let writeDeadline = connection.writeDeadline, now >= writeDeadline {
                closeConnection(connection)
                continue
            }
            switch connection.phase {
            case .readingHead:
                if let deadline = connection.headDeadline, now >= deadline {
                    timeOut(connection)
                } else if connection.headDeadline == nil, now >= connection.idleSince + configuration.idleTimeout {
                    closeConnection(connection)
                }
            case .readingBody(_, _, let deadline):
                if now >= deadline { timeOut(connection) }
            case .lingering(let until):
                if now >= until { closeConnection(connection) }
            case .processing, .closingAfterWrite:
                break
            }
        }
    }

    /// A request did not arrive whole in time: `408` if it had started, a silent close if not.
    private func timeOut(_ connection: Connection) {
        guard !connection.input.isEmpty, !connection.hasPendingOutput else {
            closeConnection(connection)
            return
        }
        connection.phase = .closingAfterWrite
        connection.input.removeAll()
        let response = configuration.errorResponse(.requestTimeout, "the request did not arrive whole in time")
        queue(ResponseSerializer.serialize(response, version: .http11, headOnly: false, keepAlive: false, date: HTTPDate.now()), on: connection)
    }

    private func beginShutdown() {
        shutdownDeadline = MonotonicClock.now() + configuration.shutdownGracePeriod
        if listenerOpen {
            epoll_ctl(epollFD, EPOLL_CTL_DEL, listener.fd, nil)
            close(listener.fd)
            listenerOpen = false
        }
        for connection in Array(connections.values) {
            if case .readingHead = connection.phase, connection.input.isEmpty, !connection.hasPendingOutput {
                closeConnection(connection)
            }
        }
    }

    // MARK: - Registration

    private func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        switch connection.phase {
        case .readingHead, .readingBody, .lingering: wanted = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
        case .processing, .closingAfterWrite: wanted = 0
        }
        if connection.hasPendingOutput { wanted |= EPOLLOUT.rawValue }
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
        close(connection.fd)
    }

    /// The connection cap, lowered to fit the process's descriptor limit (raised to its hard
    /// maximum first) so that accepting never exhausts descriptors.
    private static func connectionCap(_ requested: Int) -> Int {
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
