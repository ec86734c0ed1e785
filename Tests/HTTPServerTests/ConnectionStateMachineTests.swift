import TestSupport
import Testing
import HTTPServer

/// The connection's phases without a socket: each event and the action it asks of the loop.
@Suite struct ConnectionStateMachineTests {
    private static let timeouts = ConnectionStateMachine.Timeouts(header: 10, body: 30, idle: 60, write: 30, linger: 2)

    private func machine(limits: RequestLimits = RequestLimits(), now: Double = 0) -> ConnectionStateMachine {
        ConnectionStateMachine(limits: limits, timeouts: Self.timeouts, now: now)
    }

    /// A readable summary of an action, so expectations compare one string.
    private func summary(_ action: ConnectionStateMachine.Action) -> String {
        switch action {
        case .none: "none"
        case .write: "write"
        case .dispatch(let request): "dispatch \(request.method.rawValue) \(request.path) \(request.body.count)"
        case .respondWithError(let status, _): "error \(status.code)"
        case .shutdownWriting: "shutdownWriting"
        case .close: "close"
        }
    }

    private func read(_ machine: inout ConnectionStateMachine, _ text: String, at now: Double = 0) -> String {
        summary(machine.bytesRead(Array(text.utf8), now: now))
    }

    private let response = Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)

    @Test func aRequestIsDispatchedAnsweredAndTheConnectionGoesIdle() {
        var connection = machine()
        #expect(connection.idleSince == 0)
        #expect(read(&connection, "GET /a HTTP/1.1\r\nHo") == "none")
        #expect(connection.idleSince == nil)
        #expect(read(&connection, "st: x\r\n\r\n") == "dispatch GET /a 0")
        #expect(connection.readCapacity == 0, "nothing is read while the handler runs")
        #expect(summary(connection.responseReady(response, keepAlive: true, now: 1)) == "write")
        #expect(connection.readCapacity == 0, "nothing is read while the response is pending")
        #expect(summary(connection.wrote(10, now: 1)) == "none")
        #expect(connection.pendingOutputCount == response.count - 10)
        #expect(connection.readCapacity == 0)
        #expect(summary(connection.wrote(response.count - 10, now: 2)) == "none")
        #expect(!connection.hasPendingOutput)
        #expect(connection.idleSince == 2)
        #expect(connection.readCapacity == connection.inputLimit)
    }

    @Test func pipelinedRequestsAreDispatchedOneAtATimeAfterEachResponseIsWritten() {
        var connection = machine()
        let batch = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /c HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(read(&connection, batch) == "dispatch GET /a 0")
        #expect(summary(connection.responseReady([], keepAlive: true, now: 0)) == "dispatch POST /b 3", "an empty response is written at once")
        #expect(summary(connection.responseReady(response, keepAlive: true, now: 0)) == "write")
        #expect(summary(connection.responseReady(response, keepAlive: true, now: 0)) == "none", "a second response for one request is ignored")
        #expect(connection.pendingOutputCount == response.count)
        #expect(summary(connection.wrote(response.count, now: 0)) == "dispatch GET /c 0")
        #expect(connection.bufferedInputCount == 0)
    }

    /// Bytes beyond `readCapacity` (a loop that ignores it) close the connection rather than grow a buffer.
    @Test func bytesBeyondTheCapacityCloseTheConnection() {
        var connection = machine()
        #expect(read(&connection, "GET / HTTP/1.1\r\nHost: x\r\n\r\n") == "dispatch GET / 0")
        #expect(read(&connection, "more") == "close")
        #expect(connection.bufferedInputCount == 0)
        #expect(connection.readCapacity == 0)
    }

    @Test func inputNeverExceedsTheRequestLimits() {
        let limits = RequestLimits(maxHeadBytes: 64, maxBodyBytes: 16)
        var connection = machine(limits: limits)
        #expect(connection.inputLimit == 80)
        #expect(read(&connection, String(repeating: "G", count: 63)) == "none")
        #expect(connection.readCapacity == 80 - 63)
        #expect(read(&connection, "ET") == "error 431")
        #expect(connection.bufferedInputCount == 0)
        #expect(connection.readCapacity == 0)
        #expect(summary(connection.responseReady(response, keepAlive: true, now: 0)) == "write")
        #expect(summary(connection.wrote(response.count, now: 0)) == "shutdownWriting", "an error answer closes, whatever the handler said")
        #expect(connection.readCapacity > 0, "lingering drains what the client still sends")
        #expect(read(&connection, "ignored") == "none")
        #expect(connection.bufferedInputCount == 0)
        #expect(summary(connection.timerFired(now: 3)) == "close")
    }

    @Test func continueIsWrittenBeforeTheBodyIsRead() {
        var connection = machine()
        #expect(read(&connection, "POST /up HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n") == "write")
        #expect(connection.readCapacity == 0)
        let interim = connection.withPendingOutput { Array($0) }
        #expect(String(decoding: interim, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(summary(connection.wrote(interim.count, now: 0)) == "none")
        #expect(connection.readCapacity > 0)
        #expect(read(&connection, "data") == "dispatch POST /up 4")
    }

    @Test func deadlinesOfEachPhase() {
        var silent = machine(now: 100)
        #expect(summary(silent.timerFired(now: 109)) == "none")
        #expect(summary(silent.timerFired(now: 110)) == "close", "a new connection must send its head within the header timeout")

        var slowHead = machine(now: 0)
        #expect(read(&slowHead, "GET / HTTP/1.1\r\n", at: 9) == "none")
        #expect(summary(slowHead.timerFired(now: 10)) == "error 408", "the head deadline counts from the accept")

        var slowBody = machine()
        #expect(read(&slowBody, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 9\r\n\r\nab", at: 1) == "none")
        #expect(summary(slowBody.timerFired(now: 30)) == "none")
        #expect(summary(slowBody.timerFired(now: 31)) == "error 408")

        var idle = machine()
        _ = read(&idle, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = idle.responseReady(response, keepAlive: true, now: 0)
        _ = idle.wrote(response.count, now: 5)
        #expect(summary(idle.timerFired(now: 64)) == "none")
        #expect(summary(idle.timerFired(now: 65)) == "close", "idle timeout after the last response")

        var stalled = machine()
        _ = read(&stalled, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = stalled.responseReady(response, keepAlive: true, now: 1)
        _ = stalled.wrote(3, now: 2)
        #expect(summary(stalled.timerFired(now: 30)) == "none")
        #expect(summary(stalled.timerFired(now: 31)) == "close", "a response not written whole within the write timeout")
        #expect(stalled.pendingOutputCount == 0)
    }

    @Test func aHalfClosedPeerGetsItsResponseThenTheConnectionCloses() {
        var connection = machine()
        #expect(read(&connection, "GET / HTTP/1.1\r\nHost: x\r\n\r\n") == "dispatch GET / 0")
        #expect(summary(connection.peerClosed(now: 0)) == "none")
        _ = connection.responseReady(response, keepAlive: true, now: 0)
        #expect(summary(connection.wrote(response.count, now: 0)) == "shutdownWriting")

        var partial = machine()
        _ = read(&partial, "GET / HT")
        #expect(summary(partial.peerClosed(now: 0)) == "close")
    }

    @Test func shutdownClosesIdleConnectionsAndFinishesBusyOnes() {
        var idle = machine()
        #expect(summary(idle.shutdownRequested()) == "close")

        var busy = machine()
        _ = read(&busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(summary(busy.shutdownRequested()) == "none")
        _ = busy.responseReady(response, keepAlive: true, now: 0)
        #expect(summary(busy.wrote(response.count, now: 0)) == "shutdownWriting")
    }

    /// Transitions the other tests do not reach: a peer that closes while we linger, a shutdown that
    /// arrives mid-head (that request is still answered, then the connection closes), and the head
    /// deadline of a kept-alive connection's next request, which counts from its first byte.
    @Test func lingeringShutdownMidHeadAndTheNextRequestsHeadDeadline() {
        var lingering = machine()
        _ = read(&lingering, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(summary(lingering.responseReady(response, keepAlive: false, now: 0)) == "write")
        #expect(summary(lingering.wrote(response.count, now: 0)) == "shutdownWriting")
        #expect(summary(lingering.peerClosed(now: 1)) == "close", "the client read our answer and left")

        var midHead = machine()
        #expect(read(&midHead, "GET /late HTTP/1.1\r\nHo") == "none")
        #expect(summary(midHead.shutdownRequested()) == "none", "a request under way is not dropped")
        #expect(read(&midHead, "st: x\r\n\r\n") == "dispatch GET /late 0")
        _ = midHead.responseReady(response, keepAlive: true, now: 0)
        #expect(summary(midHead.wrote(response.count, now: 0)) == "shutdownWriting", "then the connection closes")

        var next = machine()
        _ = read(&next, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = next.responseReady(response, keepAlive: true, now: 0)
        _ = next.wrote(response.count, now: 5)
        #expect(read(&next, "GET /b HT", at: 50) == "none")
        #expect(summary(next.timerFired(now: 59)) == "none")
        #expect(summary(next.timerFired(now: 60)) == "error 408", "ten seconds from the next head's first byte")
    }

    /// Random sequences of reads (of random sizes up to the capacity), responses, partial writes,
    /// ticks and closes: the documented invariants hold after every event.
    @Test func invariantsHoldOverRandomEventSequences() {
        var random = SplitMix64(seed: 0x4845_5241_4c44)
        let limits = RequestLimits(maxHeadBytes: 256, maxHeaderCount: 8, maxBodyBytes: 64)
        let pieces = ["GET / HTTP/1.1\r\nHost: x\r\n\r\n", "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
                      "POST /c HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
                      "GET / HTTP/1.0\r\n\r\n", "\r\n", "garbage", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999\r\n\r\n"].map { Array($0.utf8) }
        var dispatched = 0
        var answered = 0
        for _ in 0..<300 {
            var connection = machine(limits: limits)
            var now = 0.0
            var stream: [UInt8] = []
            var open = true
            for _ in 0..<60 where open {
                now += Double(random.next() % 4)
                var action = ConnectionStateMachine.Action.none
                switch random.next() % 6 {
                case 0, 1:
                    if stream.isEmpty { stream = pieces[Int(random.next() % UInt64(pieces.count))] }
                    let count = min(stream.count, connection.readCapacity, 1 + Int(random.next() % 40))
                    guard count > 0 else { continue }
                    action = connection.bytesRead(Array(stream.prefix(count)), now: now)
                    stream.removeFirst(min(count, stream.count))
                case 2:
                    let size = Int(random.next() % 200)
                    action = connection.responseReady([UInt8](repeating: 65, count: size), keepAlive: random.next() % 4 != 0, now: now)
                case 3:
                    action = connection.wrote(1 + Int(random.next() % UInt64(max(1, connection.pendingOutputCount))), now: now)
                case 4:
                    action = connection.timerFired(now: now)
                default:
                    action = random.next() % 8 == 0 ? connection.peerClosed(now: now) : .none
                }
                switch action {
                case .dispatch: dispatched += 1
                case .respondWithError: answered += 1
                case .close: open = false
                case .none, .write, .shutdownWriting: break
                }
                #expect(connection.bufferedInputCount <= connection.inputLimit)
                #expect(connection.pendingOutputCount <= 200, "at most one response is buffered")
                if connection.hasPendingOutput { #expect(connection.readCapacity == 0) }
                switch connection.state {
                case .awaitingResponse, .writingResponse, .closed: #expect(connection.readCapacity == 0)
                case .awaitingRequest, .readingHead, .readingBody, .lingering: break
                }
            }
        }
        #expect(dispatched > 100)
        #expect(answered > 10)
    }
}
