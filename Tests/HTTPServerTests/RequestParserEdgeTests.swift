import TestSupport
import Testing
import HTTPServer

/// Client-controlled numbers (lengths, counts) at the edges of their ranges and of the configured
/// limits: every input gets a result, never a trap.
@Suite struct RequestParserEdgeTests {
    @Test func contentLengthAtTheEdgeOfItsRangeWithUnboundedLimits() {
        let parser = RequestParser(limits: RequestLimits(maxHeadBytes: .max, maxHeaderCount: .max, maxBodyBytes: .max))
        let largest = String(repeating: "9", count: 18)
        guard case .incomplete = parser.parseRequest(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(largest)\r\n\r\nab".utf8)) else {
            Issue.record("an 18-digit length waits for its body")
            return
        }
        for text in [largest + "9", "+5", "-0", "5 5", "0x10", "١"] {
            guard case .failure(.invalidContentLength) = parser.parseRequest(Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(text)\r\n\r\n".utf8)) else {
                Issue.record("Content-Length \(text) is refused")
                continue
            }
        }
    }

    /// The connection's input bound saturates instead of overflowing when both limits are unbounded.
    @Test func theInputBoundSaturates() {
        let limits = RequestLimits(maxHeadBytes: .max, maxHeaderCount: .max, maxBodyBytes: .max)
        let timeouts = ConnectionStateMachine.Timeouts(header: 1, body: 1, idle: 1, write: 1)
        var connection = ConnectionStateMachine(limits: limits, timeouts: timeouts, now: 0)
        #expect(connection.inputLimit == .max)
        let head = Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999999999\r\n\r\nab".utf8)
        guard case .none = connection.bytesRead(head, now: 0) else {
            Issue.record("the body is awaited")
            return
        }
        #expect(connection.bufferedInputCount == head.count)
    }

    /// Random heads made of the bytes that matter to framing, under limits from 0 to unbounded
    /// (odd ones included, where a blank line can straddle the limit): every call returns.
    @Test func randomHeadsUnderEveryLimitGetAResult() {
        var random = SplitMix64(seed: 0x5041_5253_4552)
        let alphabet = Array("\r\n:; \tGET/HTTP1.0x-Content-Length9Host".utf8) + [0, 0x7F, 0xC3, 0xA9]
        let limitChoices = [0, 1, 2, 3, 5, 17, 64, 1000, .max]
        var complete = 0
        for _ in 0..<3000 {
            let limits = RequestLimits(
                maxHeadBytes: limitChoices[Int(random.next() % UInt64(limitChoices.count))],
                maxHeaderCount: limitChoices[Int(random.next() % UInt64(limitChoices.count))],
                maxBodyBytes: limitChoices[Int(random.next() % UInt64(limitChoices.count))])
            var bytes = Array((random.next() % 3 == 0 ? "\r\n\r\n" : "").utf8)
            bytes += Array("POST / HTTP/1.1\r\n".utf8).prefix(Int(random.next() % 20))
            for _ in 0..<Int(random.next() % 80) { bytes.append(alphabet[Int(random.next() % UInt64(alphabet.count))]) }
            if random.next() % 2 == 0 { bytes += Array("Host: x\r\nContent-Length: 3\r\n\r\nabc".utf8) }
            switch RequestParser(limits: limits).parseRequest(bytes) {
            case .request(_, let length): #expect(length <= bytes.count); complete += 1
            case .incomplete, .failure: break
            }
        }
        #expect(complete > 0)
    }
}
