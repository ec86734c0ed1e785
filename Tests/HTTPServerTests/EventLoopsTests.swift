import Foundation
import HTTPServer
import Locking
import TestSupport
import Testing

/// Several event loops: connections spread over them, the connection cap and the eviction of the
/// idlest connection stay one decision across them, and a stop drains every one.
@Suite struct EventLoopsTests {
    /// Answers with the thread it runs on (`pthread_self`): on the event loop, that loop's thread.
    private static let threadName: @Sendable (ServerRequest) -> ServerResponse = { _ in
        .plain(.ok, String(UInt(pthread_self())))
    }

    /// Connections opened one after another go to the loop with the fewest, so three loops get two
    /// each, and each loop answers its own connections' requests on its own thread.
    @Test func connectionsSpreadOverTheLoops() throws {
        try withServer(ServerConfiguration(eventLoopCount: 3), handler: Self.threadName, execution: { _ in .eventLoop }) { server in
            let clients = try (0..<6).map { _ in try RawClient(port: server.port) }
            var names: [String] = []
            for client in clients {
                client.send("GET /where HTTP/1.1\r\nHost: x\r\n\r\n")
                names.append(try #require(client.readResponse()).text)
            }
            #expect(Set(names).count == 3, "three loop threads answer")
            #expect(Array(names[3...]) == Array(names[..<3]), "the fourth connection on the first loop, and so on")
            #expect(waitUntil(timeout: 5, interval: 0.05) { server.statistics.connectionsPerLoop == [2, 2, 2] })
            for (client, name) in zip(clients, names) {
                client.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(client.readResponse()?.text == name, "a connection stays on its loop")
            }
        }
    }

    /// With the table full of idle connections spread over two loops, each new client evicts the
    /// one idle longest whichever loop holds it: the first on loop 0, the second on loop 1. Each
    /// loop marks its connection idle just after the answer is sent, so the test waits for the
    /// marks before the next client (the order of the idle times is the order of the answers).
    @Test func theCapAndTheEvictionAreOneDecisionAcrossLoops() throws {
        try withServer(ServerConfiguration(maxConnections: 4, eventLoopCount: 2), handler: Self.threadName, execution: { _ in .eventLoop }) { server in
            var idle = try RawClient.answeredKeepAlive(4, port: server.port) { _ in "/idle" }
            for victim in 0..<2 {
                #expect(waitUntil(timeout: 10, interval: 0.01) { server.statistics.idleConnections == 4 })
                let fresh = try RawClient(port: server.port)
                fresh.send("GET /fresh HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(fresh.readResponse()?.status == 200, "a new client is served at once")
                idle[victim].setTimeout(2)
                #expect(idle[victim].isClosedByServer(), "the connection idle longest made room (loop \(victim))")
                idle.append(fresh)
            }
            for survivor in idle[2...] {
                survivor.send("GET /still-open HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(survivor.readResponse()?.status == 200, "younger idle connections stay open")
            }
            #expect(waitUntil(timeout: 5, interval: 0.05) { server.statistics.openConnections == 4 })
            #expect(server.statistics.evictedIdleConnections == 2)
            #expect(server.statistics.refusedConnections == 0)
        }
    }

    /// Four requests in progress over two loops fill a table of four: a fifth client gets `503`,
    /// however the busy connections are spread.
    @Test func aFullTableOfBusyConnectionsOnEveryLoopRefuses() throws {
        try withServer(ServerConfiguration(maxConnections: 4, eventLoopCount: 2)) { server in
            let partial = "GET /partial HTTP/1.1\r\nHo"
            let busy = try (0..<4).map { _ in try RawClient(port: server.port) }
            for client in busy { client.send(partial) }
            #expect(waitUntil(timeout: 5, interval: 0.05) {
                let figures = server.statistics
                return figures.bufferedInputBytes == 4 * partial.utf8.count && figures.connectionsPerLoop == [2, 2]
            })
            let refused = try RawClient(port: server.port)
            refused.send("GET /probe HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(refused.readResponse()?.status == 503)
            #expect(server.statistics.refusedConnections == 1)
            withExtendedLifetime(busy) {}
        }
    }

    /// A stop lets the request in flight on each loop finish (with `Connection: close`), closes the
    /// idle connections of every loop, and returns once all loops have stopped.
    @Test func aStopDrainsEveryLoop() throws {
        let entered = Locked(0)
        let gate = DispatchSemaphore(value: 0)
        let handler: @Sendable (ServerRequest) -> ServerResponse = { request in
            entered.withLock { $0 += 1 }
            gate.wait()
            return .plain(.ok, request.path)
        }
        var configuration = ServerConfiguration(eventLoopCount: 2)
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = try HeraldHTTPServer(configuration: configuration, handler: handler)
        server.start()
        let inFlight = try (0..<2).map { _ in try RawClient(port: server.port) }
        let idle = try (0..<2).map { _ in try RawClient(port: server.port) }
        #expect(waitUntil(timeout: 5, interval: 0.05) { server.statistics.connectionsPerLoop == [2, 2] })
        for (index, client) in inFlight.enumerated() { client.send("GET /held/\(index) HTTP/1.1\r\nHost: x\r\n\r\n") }
        #expect(waitUntil(timeout: 5, interval: 0.01) { entered.withLock { $0 } == 2 }, "one request held per loop")
        server.shutdown()
        for idleClient in idle { #expect(idleClient.isClosedByServer(), "idle connections close on every loop") }
        gate.signal()
        gate.signal()
        for (index, client) in inFlight.enumerated() {
            let response = client.readResponse()
            #expect(response?.text == "/held/\(index)\n")
            #expect(response?.header("Connection") == "close")
        }
        server.waitUntilStopped()
        #expect(throws: RawClient.ClientError.self) { try RawClient(port: server.port) }
    }
}
