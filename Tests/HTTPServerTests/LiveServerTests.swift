import Foundation
import TestSupport
import Testing
@testable import HTTPServer
#if canImport(Glibc)
import Glibc
#endif

/// The server over real TCP on 127.0.0.1.
@Suite struct LiveServerTests {
    @Test func keepsAliveAndAnswersPipelinedRequestsInOrder() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /c%20d HTTP/1.1\r\nHost: x\r\n\r\n")
            let texts = (0..<3).compactMap { _ in client.readResponse()?.text }
            #expect(texts == ["GET /a 0\n", "POST /b 3\n", "GET /c d 0\n"])
            client.send("GET /again HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /again 0\n")
        }
    }

    @Test func headHasLengthButNoBody() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            client.send("HEAD /x HTTP/1.1\r\nHost: x\r\n\r\nGET /x HTTP/1.1\r\nHost: x\r\n\r\n")
            let head = try #require(client.readResponse(headOnly: true))
            #expect(head.header("Content-Length") == "10")
            #expect(head.body.isEmpty)
            #expect(client.readResponse()?.text == "GET /x 0\n")
        }
    }

    @Test func answers100ContinueBeforeTheBody() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            client.send("POST /up HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            #expect(client.readResponse()?.status == 100)
            client.send("data")
            #expect(client.readResponse()?.text == "POST /up 4\n")
        }
    }

    /// A client that shuts down its sending side right after the request still gets the answer.
    @Test func halfClosedClientStillGetsItsResponse() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            client.send("GET /half HTTP/1.1\r\nHost: x\r\n\r\n")
            shutdown(client.fd, Int32(SHUT_WR))
            #expect(client.readResponse()?.text == "GET /half 0\n")
            #expect(client.isClosedByServer())
        }
    }

    /// Protocol errors use the application's error format when it gives one.
    @Test func protocolErrorsUseTheConfiguredErrorResponse() throws {
        let configuration = ServerConfiguration(errorResponse: { status, detail in
            ServerResponse(status: status, contentType: "application/json", body: "{\"status\":\(status.code)}")
        })
        try withServer(configuration) { server in
            let client = try RawClient(port: server.port)
            client.send("GET / HTTP/3.0\r\nHost: x\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 505)
            #expect(response.header("Content-Type") == "application/json")
            #expect(response.text == "{\"status\":505}")
        }
    }

    @Test func http10ClosesByDefault() throws {
        try withServer { server in
            let client = try RawClient(port: server.port)
            client.send("GET / HTTP/1.0\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    /// Every broken request gets its 4xx/5xx and a closed connection; a normal request then still works.
    @Test func brokenRequestCorpusThenANormalRequest() throws {
        let corpus: [(String, [UInt8], Int)] = [
            ("garbage request line", Array("HELLO\r\n\r\n".utf8), 400),
            ("missing version", Array("GET /\r\nHost: x\r\n\r\n".utf8), 400),
            ("HTTP/2.0", Array("GET / HTTP/2.0\r\nHost: x\r\n\r\n".utf8), 505),
            ("absurd method", Array((String(repeating: "Z", count: 300) + " / HTTP/1.1\r\nHost: x\r\n\r\n").utf8), 501),
            ("method with bad chars", Array("G{T / HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
            ("no Host", Array("GET / HTTP/1.1\r\n\r\n".utf8), 400),
            ("two Hosts", Array("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n".utf8), 400),
            ("header without colon", Array("GET / HTTP/1.1\r\nHost: x\r\nbroken\r\n\r\n".utf8), 400),
            ("space before colon", Array("GET / HTTP/1.1\r\nHost : x\r\n\r\n".utf8), 400),
            ("folded header", Array("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n".utf8), 400),
            ("NUL in target", Array("GET /a".utf8) + [0] + Array("b HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
            ("NUL in header", Array("GET / HTTP/1.1\r\nHost: x".utf8) + [0] + Array("\r\n\r\n".utf8), 400),
            ("bare LF", Array("GET / HTTP/1.1\nHost: x\n\n".utf8), 400),
            ("negative length", Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello".utf8), 400),
            ("conflicting lengths", Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!".utf8), 400),
            ("repeated equal lengths", Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello".utf8), 400),
            ("TE with CL", Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello".utf8), 400),
            ("chunked", Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n".utf8), 411),
            ("unknown coding", Array("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: br\r\n\r\n".utf8), 501),
            ("huge header", Array(("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 20_000) + "\r\n\r\n").utf8), 431),
            ("too many headers", Array(("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<150).map { "X\($0): y\r\n" }.joined() + "\r\n").utf8), 431),
            ("body too large", Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n".utf8) + [UInt8](repeating: 65, count: 100_000), 413),
            ("bad percent escape", Array("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 400),
            ("binary noise", (0..<512).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }, 400),
        ]
        try withServer { server in
            for (name, bytes, status) in corpus {
                let client = try RawClient(port: server.port)
                client.send(bytes)
                let response = client.readResponse()
                #expect(response?.status == status, "\(name)")
                #expect(response?.header("Connection") == "close", "\(name)")
                #expect(client.isClosedByServer(), "\(name)")
            }
            let client = try RawClient(port: server.port)
            client.send("GET /still-fine HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /still-fine 0\n")
        }
    }

    @Test func earlyDisconnectsDoNotHurtTheServer() throws {
        try withServer { server in
            let partials = ["", "GE", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: x\r\n",
                            "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc", "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"]
            for _ in 0..<10 {
                for partial in partials {
                    let client = try RawClient(port: server.port)
                    client.send(partial)
                }
            }
            let client = try RawClient(port: server.port)
            client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /ok 0\n")
        }
    }

    /// One byte every 200 ms keeps no connection alive: the head must arrive whole within its deadline.
    @Test func slowlorisIsCutOffAtTheHeaderDeadline() throws {
        let configuration = ServerConfiguration(headerTimeout: 1)
        try withServer(configuration) { server in
            let client = try RawClient(port: server.port)
            let started = Date()
            var response: RawClient.Response?
            for byte in "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".utf8 {
                guard client.send([byte]) else { break }
                Thread.sleep(forTimeInterval: 0.2)
                if Date().timeIntervalSince(started) > 1.6 { break }
            }
            response = client.readResponse()
            #expect(response?.status == 408)
            #expect(client.isClosedByServer())
            #expect(Date().timeIntervalSince(started) < 4)
        }
    }

    @Test func slowBodyIsCutOffAtTheBodyDeadline() throws {
        let configuration = ServerConfiguration(bodyTimeout: 1)
        try withServer(configuration) { server in
            let client = try RawClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc")
            let started = Date()
            #expect(client.readResponse()?.status == 408)
            #expect(Date().timeIntervalSince(started) < 3)
        }
    }

    /// A kept-alive connection with nothing in progress is closed quietly after the idle timeout.
    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let configuration = ServerConfiguration(idleTimeout: 1)
        try withServer(configuration) { server in
            let client = try RawClient(port: server.port)
            client.send("GET /once HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
            let started = Date()
            #expect(client.isClosedByServer())
            let waited = Date().timeIntervalSince(started)
            #expect(waited > 0.5 && waited < 4)
        }
    }

    /// A client that stops reading its response is dropped at the write deadline; the rest of the
    /// response is never sent.
    @Test func aClientThatDoesNotReadIsDroppedAtTheWriteDeadline() throws {
        let configuration = ServerConfiguration(writeTimeout: 1)
        try withServer(configuration) { server in
            let client = try RawClient(port: server.port, receiveBuffer: 1 << 16)
            client.send("GET /huge HTTP/1.1\r\nHost: x\r\n\r\n")
            // Building 32 MiB can take seconds on a loaded machine (or under a sanitizer): the deadline
            // runs from the server's last progress, so the client stops reading only once bytes arrive.
            #expect(waitUntil(timeout: 60) {
                var available: Int32 = 0
                return ioctl(client.fd, UInt(FIONREAD), &available) == 0 && available > 0
            })
            Thread.sleep(forTimeInterval: 2.5)
            var received = 0
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = recv(client.fd, &chunk, chunk.count, 0)
                if count <= 0 { break }
                received += count
            }
            #expect(received > 0)
            #expect(received < 32 << 20)
            let after = try RawClient(port: server.port)
            after.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(after.readResponse()?.status == 200)
        }
    }

    @Test func silentNewConnectionsAreClosedAtTheHeaderDeadline() throws {
        let configuration = ServerConfiguration(headerTimeout: 1)
        try withServer(configuration) { server in
            let client = try RawClient(port: server.port)
            #expect(client.isClosedByServer())
        }
    }

    /// With hundreds of idle connections open, a new client is still served at once.
    @Test func manyIdleConnectionsDoNotStarveANewClient() throws {
        try withServer { server in
            let idle = try (0..<300).map { _ in try RawClient(port: server.port) }
            for client in idle.prefix(100) { client.send("GET / HTTP/1.1\r\nHo") }
            let started = Date()
            let client = try RawClient(port: server.port)
            client.send("GET /fresh HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /fresh 0\n")
            #expect(Date().timeIntervalSince(started) < 2)
            #expect(idle.count == 300)
        }
    }

    /// A blocking handler occupies one worker, not the loop: other clients are served meanwhile.
    @Test func aSlowHandlerDoesNotBlockOthers() throws {
        try withServer { server in
            let slow = try RawClient(port: server.port)
            slow.send("GET /slower HTTP/1.1\r\nHost: x\r\n\r\n")
            let started = Date()
            let fast = try RawClient(port: server.port)
            fast.send("GET /fast HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(fast.readResponse()?.status == 200)
            #expect(Date().timeIntervalSince(started) < 1.5, "answered while the 2 s handler still runs")
            #expect(slow.readResponse()?.text == "GET /slower 0\n")
        }
    }

    /// A request whose handler never blocks is answered on the event loop itself: with the only
    /// worker held by a handler that waits for the test, a pipeline of such requests still gets at
    /// least the loop's share of one event (`eventLoopAnswersPerEvent`) answered; the rest of the
    /// pipeline, handed to the worker, follows once it is free, in order. Mixed with requests that
    /// go to workers, answers keep request order, and keep-alive rules are the same on the loop.
    @Test func eventLoopAnswersNeedNoWorkerAndKeepOrder() throws {
        let started = DispatchSemaphore(value: 0)
        let gate = DispatchSemaphore(value: 0)
        let handler: @Sendable (ServerRequest) -> ServerResponse = { request in
            if request.path == "/gate" {
                started.signal()
                _ = gate.wait(timeout: .now() + 30)
            }
            return .plain(.ok, request.path)
        }
        let execution: @Sendable (ServerRequest) -> HandlerExecution = { $0.path.hasPrefix("/loop") ? .eventLoop : .worker }
        var configuration = ServerConfiguration()
        configuration.workerCount = 1
        try withServer(configuration, handler: handler, execution: execution) { server in
            defer { gate.signal() }
            let held = try RawClient(port: server.port)
            held.send("GET /gate HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(started.wait(timeout: .now() + 10) == .success, "the worker runs the gated handler")
            let client = try RawClient(port: server.port)
            let pipeline = (0..<40).map { "/loop/\($0)" }
            client.send(pipeline.map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            let share = EventLoop.eventLoopAnswersPerEvent
            let early = (0..<share).compactMap { _ in client.readResponse()?.text }
            #expect(early == pipeline.prefix(share).map { $0 + "\n" }, "answered while the only worker is held")
            gate.signal()
            #expect(held.readResponse()?.text == "/gate\n")
            let rest = (share..<pipeline.count).compactMap { _ in client.readResponse()?.text }
            #expect(rest == pipeline.dropFirst(share).map { $0 + "\n" })

            let mixed = (0..<20).map { $0 % 3 == 2 ? "/worker/\($0)" : "/loop/\($0)" }
            client.send(mixed.map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            #expect(mixed.compactMap { _ in client.readResponse()?.text } == mixed.map { $0 + "\n" })
            client.send("GET /loop/last HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            let last = try #require(client.readResponse())
            #expect(last.text == "/loop/last\n")
            #expect(last.header("Connection") == "close")
            #expect(client.isClosedByServer())
        }
    }

    /// Shutdown stops accepting, lets the in-flight request finish with `Connection: close`, then stops.
    @Test func gracefulShutdownFinishesInFlightRequests() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = try HeraldHTTPServer(configuration: configuration, handler: echoHandler)
        server.start()
        let inFlight = try RawClient(port: server.port)
        let idle = try RawClient(port: server.port)
        inFlight.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        Thread.sleep(forTimeInterval: 0.1)
        server.shutdown()
        let response = inFlight.readResponse()
        #expect(response?.text == "GET /slow 0\n")
        #expect(response?.header("Connection") == "close")
        #expect(idle.isClosedByServer())
        server.waitUntilStopped()
        #expect(throws: RawClient.ClientError.self) { try RawClient(port: server.port) }
    }

    /// `SO_REUSEADDR`: a new server binds the port of a stopped one at once, even with
    /// connections of the old one in TIME_WAIT.
    @Test func aRestartedServerRebindsThePortAtOnce() throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        let first = try HeraldHTTPServer(configuration: configuration, handler: echoHandler)
        first.start()
        let client = try RawClient(port: first.port)
        client.send("GET / HTTP/1.0\r\n\r\n")
        _ = client.readResponse()
        first.shutdown()
        first.waitUntilStopped()
        configuration.port = first.port
        let second = try HeraldHTTPServer(configuration: configuration, handler: echoHandler)
        second.start()
        let again = try RawClient(port: second.port)
        again.send("GET /back HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(again.readResponse()?.text == "GET /back 0\n")
        second.shutdown()
        second.waitUntilStopped()
    }
}
