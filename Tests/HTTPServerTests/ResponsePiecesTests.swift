import Testing
import TestSupport
@testable import HTTPServer

/// A response kept and written as pieces (a head, then a body's parts as the handler gave them):
/// the machine tracks writes across pieces, a large body is not copied behind the head, and a
/// route can decide per request to be answered on the event loop, which its handler then sees.
@Suite struct ResponsePiecesTests {
    private static let timeouts = ConnectionStateMachine.Timeouts(header: 10, body: 30, idle: 60, write: 30, linger: 2)

    @Test func partialWritesAdvanceAcrossPiecesAndEmptyPiecesAreSkipped() {
        var machine = ConnectionStateMachine(limits: RequestLimits(), timeouts: Self.timeouts, now: 0)
        guard case .dispatch = machine.bytesRead(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), now: 0) else {
            Issue.record("the request was not dispatched")
            return
        }
        let pieces: [[UInt8]] = [Array("head|".utf8), [], Array("ab".utf8), Array("cdef".utf8)]
        guard case .write = machine.responseReady(pieces: pieces, keepAlive: true, now: 0) else {
            Issue.record("the response was not written")
            return
        }
        #expect(machine.pendingOutputCount == 11)
        var sent: [UInt8] = []
        for step in [3, 3, 1, 4] {
            let chunk = machine.withPendingOutput(pieces: 16) { buffers in buffers.flatMap { Array($0) } }
            #expect(chunk.count == machine.pendingOutputCount, "every pending byte, in order")
            sent += chunk.prefix(step)
            _ = machine.wrote(step, now: 0)
        }
        #expect(String(decoding: sent, as: UTF8.self) == "head|abcdef")
        #expect(!machine.hasPendingOutput)
        #expect(machine.idleSince == 0, "written whole, the connection waits for the next request")
    }

    @Test func aLargeBodyKeepsItsPartsAndASmallOneIsCopiedBehindTheHead() {
        let large = [UInt8](repeating: 65, count: ResponseSerializer.copiedBodyLimit + 1)
        let response = ServerResponse(status: .ok, bodyParts: [large, Array("!".utf8)])
        let pieces = ResponseSerializer.pieces(response, version: .http11, headOnly: false, keepAlive: true, date: Array("d".utf8))
        #expect(pieces.count == 3)
        #expect(String(decoding: pieces[0], as: UTF8.self).contains("Content-Length: \(large.count + 1)\r\n"))
        #expect(pieces.dropFirst().map(\.count) == [large.count, 1])
        #expect(Array(pieces.joined()) == ResponseSerializer.serialize(response, version: .http11, headOnly: false, keepAlive: true, date: Array("d".utf8)))
        #expect(response.body.count == large.count + 1)

        let small = ResponseSerializer.pieces(.plain(.ok, "hi"), version: .http11, headOnly: false, keepAlive: true, date: Array("d".utf8))
        #expect(small.count == 1)
        #expect(String(decoding: small[0], as: UTF8.self).hasSuffix("\r\n\r\nhi\n"))
        let head = ResponseSerializer.pieces(response, version: .http11, headOnly: true, keepAlive: true, date: Array("d".utf8))
        #expect(head.count == 1 && String(decoding: head[0], as: UTF8.self).hasSuffix("\r\n\r\n"), "HEAD: the head alone")
    }

    @Test func aRouteDecidesPerRequestAndItsHandlerSeesWhereItRuns() throws {
        var router = RouteTable()
        router.add(.get, "/pages/{name}", runsOn: { _, parameters in parameters["name"] == "cached" ? .eventLoop : .worker }) { request, _ in
            let part = [UInt8](repeating: UInt8(ascii: "p"), count: 40_000)
            return ServerResponse(status: .ok, bodyParts: [part, Array(" \(request.execution)".utf8)])
        }
        try withServer(handler: router.respond(to:), execution: router.execution(for:)) { server in
            let client = try RawClient(port: server.port)
            for (name, execution) in [("cached", "eventLoop"), ("other", "worker")] {
                client.send("GET /pages/\(name) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try #require(client.readResponse())
                #expect(response.text.count == 40_000 + 1 + execution.count)
                #expect(response.text.hasSuffix("p " + execution), "\(name)")
            }
        }
    }
}
