import Foundation
import HTTPServer
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A client that never reads its response cannot make the server buffer what it keeps sending.
@Suite struct BackPressureTests {
    /// The client asks for a 32 MiB response with a small receive buffer, never reads, and keeps
    /// sending. The server stops reading while the response is pending, so the client's sends block
    /// once the kernel's buffers are full; the response is still delivered whole afterwards.
    @Test func aClientThatNeverReadsCannotMakeTheServerBufferWhatItSends() throws {
        let limits = RequestLimits()
        try withServer { server in
            let client = try RawClient(port: server.port)
            var receiveBuffer: Int32 = 16 << 10
            setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
            client.send("GET /huge HTTP/1.1\r\nHost: x\r\n\r\n")

            let accepted = sendWithoutReading(client.fd, atMost: 128 << 20, for: 2)
            #expect(accepted < 32 << 20, "the client pushed \(accepted) bytes: the server kept reading while its response was pending")

            let figures = try #require(waitForSweep(server) { $0.pendingOutputBytes > 0 })
            #expect(figures.bufferedInputBytes <= limits.maxHeadBytes + limits.maxBodyBytes)
            #expect(figures.largestBufferedInput <= limits.maxHeadBytes + limits.maxBodyBytes)
            #expect(figures.largestPendingOutput <= (32 << 20) + 1024, "one response is all a connection buffers")

            client.setTimeout(20)
            let response = client.readResponse()
            #expect(response?.status == 200)
            #expect(response?.body.count == 32 << 20)
            #expect(client.readResponse()?.status == 431, "what it sent meanwhile is read only now, as a head that never ends")
        }
    }

    /// Pipelined requests wait in the kernel while a response is pending: never more than one request's
    /// worth is buffered, and every response still comes back in order.
    @Test func pipelinedRequestsBehindALargeResponseStayInTheKernel() throws {
        let limits = RequestLimits(maxHeadBytes: 1024, maxBodyBytes: 4096)
        try withServer(ServerConfiguration(limits: limits)) { server in
            let client = try RawClient(port: server.port)
            let request = "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 4000\r\n\r\n" + String(repeating: "b", count: 4000)
            client.send("GET /huge HTTP/1.1\r\nHost: x\r\n\r\n" + String(repeating: request, count: 200))
            let figures = try #require(waitForSweep(server) { $0.pendingOutputBytes > 0 })
            #expect(figures.largestBufferedInput <= limits.maxHeadBytes + limits.maxBodyBytes)
            client.setTimeout(20)
            #expect(client.readResponse()?.body.count == 32 << 20)
            let texts = (0..<200).compactMap { _ in client.readResponse()?.text }
            #expect(texts == Array(repeating: "POST /p 4000\n", count: 200))
            #expect(server.statistics.largestBufferedInput <= limits.maxHeadBytes + limits.maxBodyBytes)
        }
    }

    /// Sends junk without ever reading, for at most `seconds` or `limit` bytes; returns what the
    /// kernel accepted.
    private func sendWithoutReading(_ fd: Int32, atMost limit: Int, for seconds: Double) -> Int {
        let chunk = [UInt8](repeating: UInt8(ascii: "A"), count: 64 << 10)
        let deadline = Date().addingTimeInterval(seconds)
        var accepted = 0
        while accepted < limit, Date() < deadline {
            let sent = chunk.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL)) }
            if sent > 0 {
                accepted += sent
            } else if sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                var waiting = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                _ = poll(&waiting, 1, 50)
            } else {
                break
            }
        }
        return accepted
    }

    /// The server's figures once `condition` holds (sweeps publish them every 250 ms), or nil after 5 s.
    private func waitForSweep(_ server: HeraldHTTPServer, until condition: (ServerStatistics) -> Bool) -> ServerStatistics? {
        var figures = server.statistics
        let held = waitUntil(timeout: 5, interval: 0.05) {
            figures = server.statistics
            return condition(figures)
        }
        return held ? figures : nil
    }
}
