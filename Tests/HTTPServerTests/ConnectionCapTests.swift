import Foundation
import HTTPServer
import TestSupport
import Testing

/// A full connection table makes room by closing idle connections; only busy ones make a client wait.
@Suite struct ConnectionCapTests {
    /// Idle keep-alive connections fill the table; a new client is served at once, and the one idle
    /// longest is the one closed to make room.
    @Test func aFullTableClosesTheIdlestKeepAliveConnectionForANewClient() throws {
        try withServer(ServerConfiguration(maxConnections: 8)) { server in
            var idle = try RawClient.answeredKeepAlive(8, port: server.port) { "/idle/\($0)" }
            for round in 0..<3 {
                let fresh = try RawClient(port: server.port)
                fresh.send("GET /fresh/\(round) HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(fresh.readResponse()?.text == "GET /fresh/\(round) 0\n")
                idle.append(fresh)
            }
            idle[0].setTimeout(2)
            #expect(idle[0].isClosedByServer(), "the connection idle longest made room")
            let survivor = idle[7]
            survivor.send("GET /still-open HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(survivor.readResponse()?.text == "GET /still-open 0\n", "younger idle connections stay open")
            #expect(server.statistics.refusedConnections == 0)
        }
    }

    /// When every connection is mid-request, a new client gets `503` and a close; once they finish,
    /// clients are served again.
    @Test func onlyAFullTableOfBusyConnectionsRefusesWith503() throws {
        try withServer(ServerConfiguration(maxConnections: 8)) { server in
            var busy = try (0..<8).map { _ in try RawClient(port: server.port) }
            let partial = "GET /partial HTTP/1.1\r\nHo"
            for client in busy { client.send(partial) }
            #expect(waitForStatistics(server) { $0.bufferedInputBytes == 8 * partial.utf8.count }, "the server holds 8 requests in progress")
            let refused = try #require(waitForResponse(on: server.port, until: { $0 == 503 }))
            #expect(refused.header("Connection") == "close")

            busy.removeAll()
            let served = waitForResponse(on: server.port, until: { $0 == 200 })
            #expect(served?.text == "GET /probe 0\n")
        }
    }

    /// Whether the server's figures satisfy `condition` within 5 s (sweeps publish them every 250 ms).
    private func waitForStatistics(_ server: HeraldHTTPServer, _ condition: (ServerStatistics) -> Bool) -> Bool {
        waitUntil(timeout: 5, interval: 0.05) { condition(server.statistics) }
    }

    /// Connects and asks `GET /probe` until the status satisfies `condition` (at most 5 s).
    private func waitForResponse(on port: Int, until condition: (Int) -> Bool) -> RawClient.Response? {
        var found: RawClient.Response?
        waitUntil(timeout: 5, interval: 0.05) {
            guard let client = try? RawClient(port: port) else { return false }
            client.send("GET /probe HTTP/1.1\r\nHost: x\r\n\r\n")
            found = client.readResponse().flatMap { condition($0.status) ? $0 : nil }
            return found != nil
        }
        return found
    }
}
