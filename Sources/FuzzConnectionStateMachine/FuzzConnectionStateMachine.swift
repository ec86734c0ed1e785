import FuzzSupport
import HTTPServer

/// The connection state machine driven by arbitrary event sequences: reads of random sizes from a
/// byte stream (sometimes more than it allows), partial writes, responses of any size, the peer
/// closing, timers and shutdown. After every event its invariants must hold (bounded input, no
/// reading while output is pending, one request at a time), and the requests it dispatches must be
/// the ones the request parser finds in the same stream, in order.
@main enum FuzzConnectionStateMachine {
    static func main() { FuzzDriver.run(fuzzOneInput) }

    static let limits = RequestLimits(maxHeadBytes: 256, maxHeaderCount: 8, maxBodyBytes: 64)
    static let timeouts = ConnectionStateMachine.Timeouts(header: 5, body: 5, idle: 10, write: 5, linger: 1)

    static func check(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let stream = input.bytes(upTo: 1024)
        var now = 0.0
        var machine = ConnectionStateMachine(limits: limits, timeouts: timeouts, now: now)
        var offset = 0
        var awaitingHandler = false
        var dispatched: [String] = []
        var closed = false
        for _ in 0..<200 where !input.isExhausted && !closed {
            let action: ConnectionStateMachine.Action
            switch input.byte() % 8 {
            case 0, 1:
                let capacity = machine.readCapacity
                if input.byte() == 255, capacity < 1 << 20 {
                    let before = machine.state
                    action = machine.bytesRead(Array(repeating: UInt8(ascii: "A"), count: capacity + 1), now: now)
                    if !isLingeringOrClosed(before) { fuzzRequire(isClose(action), "reading more than readCapacity (\(capacity)) did not close") }
                } else {
                    let count = min(capacity, stream.count - offset, 1 + input.index(300))
                    guard count > 0 else { continue }
                    action = machine.bytesRead(Array(stream[offset..<(offset + count)]), now: now)
                    offset += count
                }
            case 2:
                action = machine.peerClosed(now: now)
            case 3:
                let pending = machine.pendingOutputCount
                let count = input.byte() == 255 ? pending + 1 : min(pending, 1 + input.index(4096))
                action = machine.wrote(count, now: now)
                if count > pending, pending > 0 { fuzzRequire(isClose(action), "writing more than pending did not close") }
            case 4:
                now += Double(input.index(12))
                action = machine.timerFired(now: now)
            case 5:
                action = machine.shutdownRequested()
            default:
                guard awaitingHandler else { continue }
                awaitingHandler = false
                let size = input.bool() ? input.index(64) : input.index(200_000)
                action = machine.responseReady(Array(repeating: UInt8(ascii: "r"), count: size), keepAlive: input.bool(), now: now)
            }
            switch action {
            case .dispatch(let request):
                fuzzRequire(!awaitingHandler, "a second request dispatched before the first was answered")
                awaitingHandler = true
                dispatched.append(ParsedRequest.describe(request))
            case .respondWithError:
                fuzzRequire(!awaitingHandler, "an error answer requested while a handler runs")
                awaitingHandler = true
            case .close:
                closed = true
                fuzzRequire(isClosed(machine.state), "close without the closed state")
            case .none, .write, .shutdownWriting:
                break
            }
            checkInvariants(machine)
        }
        let expected = ParsedRequest.all(in: Array(stream[..<offset]), parser: RequestParser(limits: limits))
        fuzzRequire(dispatched.count <= expected.count && Array(expected.prefix(dispatched.count)) == dispatched,
                    "dispatched \(dispatched) but the stream holds \(expected)")
    }

    private static func checkInvariants(_ machine: ConnectionStateMachine) {
        fuzzRequire(machine.bufferedInputCount <= machine.inputLimit, "\(machine.bufferedInputCount) bytes buffered over the limit \(machine.inputLimit)")
        if machine.hasPendingOutput { fuzzRequire(machine.readCapacity == 0, "reading while output is pending") }
        switch machine.state {
        case .awaitingResponse, .writingResponse, .closed:
            fuzzRequire(machine.readCapacity == 0, "reading in state \(machine.state)")
        case .awaitingRequest, .readingHead, .readingBody, .lingering:
            break
        }
        if isClosed(machine.state) { fuzzRequire(machine.bufferedInputCount == 0 && !machine.hasPendingOutput, "closed with data kept") }
    }

    private static func isClose(_ action: ConnectionStateMachine.Action) -> Bool {
        if case .close = action { return true }
        return false
    }

    private static func isLingeringOrClosed(_ state: ConnectionStateMachine.State) -> Bool {
        switch state {
        case .lingering, .closed: true
        default: false
        }
    }

    private static func isClosed(_ state: ConnectionStateMachine.State) -> Bool {
        if case .closed = state { return true }
        return false
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzConnectionStateMachine.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
