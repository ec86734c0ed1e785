/// The life of one HTTP/1.1 connection as one state machine, with no I/O and no clock (time is
/// passed in), so every transition can be unit-tested and fuzzed with arbitrary event sequences.
///
/// The event loop reports what happened (bytes read, the peer closing, a response ready, bytes
/// written, a timer tick, shutdown) and performs the `Action` each event returns. It reads at most
/// `readCapacity` bytes and writes from `withPendingOutput`. A response is kept as the pieces it was
/// given (head, body parts), never copied into one buffer.
///
/// Invariants, after every event:
/// - Buffered input never exceeds `inputLimit` (the head limit plus the body limit).
/// - Nothing is read while any output is pending or a handler runs (`readCapacity == 0`): a client
///   that does not read its response cannot make the server buffer what it keeps sending; its bytes
///   wait in the kernel's buffers and then its own `send` blocks (back-pressure).
/// - At most one response is buffered: the next pipelined request is parsed only once the previous
///   response is written whole, and a response not written whole within the write timeout closes
///   the connection.
/// - At most one request is dispatched at a time, so responses leave in request order.
///
/// Reporting more bytes read than `readCapacity`, or more written than `pendingOutputCount`, is a
/// caller error: the machine answers `.close` rather than break an invariant.
package struct ConnectionStateMachine: Sendable {
    /// How long each phase may last, in seconds.
    package struct Timeouts: Sendable, Hashable {
        package var header: Double
        package var body: Double
        package var idle: Double
        package var write: Double
        /// How long client bytes are drained after our side shut down.
        package var linger: Double

        package init(header: Double, body: Double, idle: Double, write: Double, linger: Double = 2) {
            self.header = header
            self.body = body
            self.idle = idle
            self.write = write
            self.linger = linger
        }
    }

    package enum State: Sendable {
        /// Nothing buffered, nothing pending: before the first request (`deadline` is the header
        /// timeout from the accept) or between kept-alive requests (`deadline` is the idle timeout).
        case awaitingRequest(idleSince: Double, deadline: Double, isFirstRequest: Bool)
        /// Part of a request head is buffered; it must be whole by `deadline`.
        case readingHead(deadline: Double)
        /// The head is parsed; the body must be whole by `deadline`.
        case readingBody(RequestHead, headLength: Int, deadline: Double)
        /// A handler (or the server's own error answer) is producing the response.
        case awaitingResponse
        /// The response is being written; it must be written whole by `deadline`.
        case writingResponse(deadline: Double)
        /// Everything is written and our sending side is shut down; client bytes are read and dropped
        /// until `until`, so the client sees our response rather than a reset.
        case lingering(until: Double)
        case closed
    }

    /// What the event loop does next.
    package enum Action: Sendable {
        case none
        /// Output is pending: write it and report progress with `wrote(_:now:)`.
        case write
        /// Run the handler and report its response with `responseReady(_:keepAlive:now:)`.
        case dispatch(ServerRequest)
        /// Build the server's own error response and report it with `responseReady(_:keepAlive: false, now:)`.
        case respondWithError(HTTPStatus, String)
        /// The last response is written: shut down the sending side (the machine now lingers).
        case shutdownWriting
        /// Close the socket; the machine is done.
        case close
    }

    package private(set) var state: State
    /// The most input ever buffered: one whole request (head and body) at the limits.
    package let inputLimit: Int
    private let parser: RequestParser
    private let timeouts: Timeouts
    private var input: [UInt8] = []
    /// The response (or interim answer) being written, as its non-empty pieces in order.
    private var output: [[UInt8]] = []
    private var outputCount = 0
    /// How much of `output` is written: whole pieces, then bytes of the next one.
    private var writtenPieces = 0
    private var writtenOfPiece = 0
    private var writtenCount = 0
    /// The peer finished sending or the server shuts down: close once the current response is written.
    private var closeAfterResponse = false
    /// Whether the response being written lets the connection stay open.
    private var keepAliveAfterWrite = false

    package init(limits: RequestLimits, timeouts: Timeouts, now: Double) {
        parser = RequestParser(limits: limits)
        self.timeouts = timeouts
        let (sum, overflow) = max(0, limits.maxHeadBytes).addingReportingOverflow(max(0, limits.maxBodyBytes))
        inputLimit = overflow ? Int.max : sum
        state = .awaitingRequest(idleSince: now, deadline: now + timeouts.header, isFirstRequest: true)
    }

    // MARK: - What the loop asks

    /// How many bytes the machine accepts now; 0 means do not read (and do not watch for input).
    /// While lingering any amount is accepted, and dropped.
    package var readCapacity: Int {
        guard !hasPendingOutput else { return 0 }
        switch state {
        case .awaitingRequest, .readingHead, .readingBody: return max(0, inputLimit - input.count)
        case .lingering: return Int.max
        case .awaitingResponse, .writingResponse, .closed: return 0
        }
    }

    package var hasPendingOutput: Bool { writtenCount < outputCount }
    package var bufferedInputCount: Int { input.count }
    package var pendingOutputCount: Int { outputCount - writtenCount }
    /// How many pieces still hold bytes to write (1 for most responses: head and small body together).
    package var pendingPieceCount: Int { output.count - writtenPieces }

    /// When the connection became idle, if it is idle now: between requests, with nothing buffered
    /// or pending. An idle connection can be closed to make room for a new one without losing anything.
    package var idleSince: Double? {
        guard case .awaitingRequest(let since, _, _) = state, input.isEmpty, !hasPendingOutput else { return nil }
        return since
    }

    /// Calls `body` with the next bytes to write: the rest of the first piece not written whole
    /// (empty when nothing is pending).
    package func withPendingOutput<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withPendingOutput(pieces: 1) { buffers in body(buffers.first ?? UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    /// Calls `body` with the bytes still to write as buffers in order, at most `pieces` of them
    /// (none when nothing is pending), for one gathering write.
    package func withPendingOutput<Result>(pieces: Int, _ body: ([UnsafeRawBufferPointer]) -> Result) -> Result {
        var buffers: [UnsafeRawBufferPointer] = []
        let end = min(output.count, writtenPieces + max(1, pieces))
        buffers.reserveCapacity(max(0, end - writtenPieces))
        return pinned(from: writtenPieces, offset: writtenOfPiece, end: end, into: &buffers, body)
    }

    /// Pins each piece from `index` to `end` in turn (one `withUnsafeBytes` inside the other), so
    /// every buffer handed to `body` stays valid while it runs.
    private func pinned<Result>(
        from index: Int, offset: Int, end: Int, into buffers: inout [UnsafeRawBufferPointer], _ body: ([UnsafeRawBufferPointer]) -> Result
    ) -> Result {
        guard index < end else { return body(buffers) }
        return output[index].withUnsafeBytes { bytes in
            buffers.append(UnsafeRawBufferPointer(rebasing: bytes[min(offset, bytes.count)...]))
            return pinned(from: index + 1, offset: 0, end: end, into: &buffers, body)
        }
    }

    // MARK: - Events

    /// The loop read `bytes` (at most `readCapacity` of them).
    package mutating func bytesRead(_ bytes: UnsafeRawBufferPointer, now: Double) -> Action {
        guard !bytes.isEmpty else { return .none }
        switch state {
        case .lingering, .closed:
            return .none
        case .awaitingRequest, .readingHead, .readingBody, .awaitingResponse, .writingResponse:
            guard bytes.count <= readCapacity else { return close() }
            input.append(contentsOf: bytes)
            return advance(now: now)
        }
    }

    package mutating func bytesRead(_ bytes: [UInt8], now: Double) -> Action {
        bytes.withUnsafeBytes { bytesRead($0, now: now) }
    }

    /// The peer shut down its sending side (a read returned 0).
    package mutating func peerClosed(now: Double) -> Action {
        switch state {
        case .awaitingRequest, .readingHead, .readingBody, .lingering:
            return close()
        case .awaitingResponse, .writingResponse:
            closeAfterResponse = true
            return .none
        case .closed:
            return .none
        }
    }

    /// The response to the dispatched request (or to `respondWithError`) is ready to write.
    package mutating func responseReady(_ bytes: [UInt8], keepAlive: Bool, now: Double) -> Action {
        responseReady(pieces: [bytes], keepAlive: keepAlive, now: now)
    }

    /// The same, given as pieces to write one after the other (a head and the body's parts).
    package mutating func responseReady(pieces: [[UInt8]], keepAlive: Bool, now: Double) -> Action {
        guard case .awaitingResponse = state else { return .none }
        setOutput(pieces)
        keepAliveAfterWrite = keepAlive
        state = .writingResponse(deadline: now + timeouts.write)
        return hasPendingOutput ? .write : outputWritten(now: now)
    }

    /// The loop wrote the first `count` pending bytes.
    package mutating func wrote(_ count: Int, now: Double) -> Action {
        guard count > 0, hasPendingOutput else { return .none }
        guard count <= pendingOutputCount else { return close() }
        writtenCount += count
        var rest = count
        while rest > 0, writtenPieces < output.count {
            let left = output[writtenPieces].count - writtenOfPiece
            if rest < left {
                writtenOfPiece += rest
                rest = 0
            } else {
                rest -= left
                writtenPieces += 1
                writtenOfPiece = 0
            }
        }
        return hasPendingOutput ? .none : outputWritten(now: now)
    }

    /// Checks the deadline of the current phase.
    package mutating func timerFired(now: Double) -> Action {
        switch state {
        case .awaitingRequest(_, let deadline, _), .writingResponse(let deadline), .lingering(let deadline):
            return now >= deadline ? close() : .none
        case .readingHead(let deadline), .readingBody(_, _, let deadline):
            guard now >= deadline else { return .none }
            // A `100 Continue` the client never read: nothing more can be said to it.
            guard !hasPendingOutput else { return close() }
            return refuse(.requestTimeout, "the request did not arrive whole in time")
        case .awaitingResponse, .closed:
            return .none
        }
    }

    /// The server stops: an idle connection closes now, a busy one after its current response.
    package mutating func shutdownRequested() -> Action {
        closeAfterResponse = true
        if idleSince != nil { return close() }
        return .none
    }

    // MARK: - Transitions

    /// Parses what is buffered and moves to the next phase.
    private mutating func advance(now: Double) -> Action {
        guard !hasPendingOutput else { return .none }
        switch state {
        case .awaitingRequest(_, let deadline, let isFirstRequest):
            guard !input.isEmpty else { return .none }
            state = .readingHead(deadline: isFirstRequest ? deadline : now + timeouts.header)
            return parseHead(now: now)
        case .readingHead:
            return parseHead(now: now)
        case .readingBody(let head, let headLength, _):
            return takeRequest(head, headLength: headLength) ?? .none
        case .awaitingResponse, .writingResponse, .lingering, .closed:
            return .none
        }
    }

    private mutating func parseHead(now: Double) -> Action {
        switch parser.parseHead(input) {
        case .incomplete:
            return .none
        case .failure(let error):
            return refuse(error.status, error.description)
        case .head(let head, let length):
            if let dispatch = takeRequest(head, headLength: length) { return dispatch }
            state = .readingBody(head, headLength: length, deadline: now + timeouts.body)
            guard head.expectsContinue else { return .none }
            setOutput([ResponseSerializer.continueResponse])
            return .write
        }
    }

    /// The whole request, removed from the buffer, once its body has arrived.
    private mutating func takeRequest(_ head: RequestHead, headLength: Int) -> Action? {
        let (end, overflow) = headLength.addingReportingOverflow(head.contentLength)
        guard !overflow, end <= inputLimit else { return refuse(.contentTooLarge, RequestParseError.bodyTooLarge(limit: inputLimit).description) }
        guard input.count >= end else { return nil }
        let request = head.request(body: Array(input[headLength..<end]))
        input.removeFirst(end)
        state = .awaitingResponse
        return .dispatch(request)
    }

    /// The server answers the request itself with an error and closes: after a framing error or a
    /// timeout the rest of the byte stream cannot be trusted.
    private mutating func refuse(_ status: HTTPStatus, _ reason: String) -> Action {
        input = []
        closeAfterResponse = true
        state = .awaitingResponse
        return .respondWithError(status, reason)
    }

    private mutating func outputWritten(now: Double) -> Action {
        setOutput([])
        switch state {
        case .writingResponse:
            if keepAliveAfterWrite && !closeAfterResponse {
                state = .awaitingRequest(idleSince: now, deadline: now + timeouts.idle, isFirstRequest: false)
                return advance(now: now)
            }
            state = .lingering(until: now + timeouts.linger)
            return .shutdownWriting
        case .readingBody:
            return advance(now: now)
        case .awaitingRequest, .readingHead, .awaitingResponse, .lingering, .closed:
            return .none
        }
    }

    private mutating func setOutput(_ pieces: [[UInt8]]) {
        var count = 0
        var hasEmpty = false
        for piece in pieces {
            count += piece.count
            hasEmpty = hasEmpty || piece.isEmpty
        }
        output = hasEmpty ? pieces.filter { !$0.isEmpty } : pieces
        outputCount = count
        (writtenPieces, writtenOfPiece, writtenCount) = (0, 0, 0)
    }

    private mutating func close() -> Action {
        state = .closed
        input = []
        setOutput([])
        return .close
    }
}
