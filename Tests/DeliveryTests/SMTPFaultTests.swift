import Foundation
import Messages
import Testing
@testable import Delivery

/// Misbehaving SMTP servers (aiosmtpd steered by the recipient, Support/smtpd.py) on 127.0.0.1, through
/// the transport and through the worker, counting the copies the server kept: a message without a key
/// must never arrive twice, and a connection that failed must never carry the next transaction.
@Suite("SMTP faults: unknown outcomes and broken connections", .serialized)
struct SMTPFaultTests {
    /// libcurl dot-stuffs a line that starts with "."; a body without one is uploaded byte for byte.
    static let bodies = [
        "Hello Zoë,\r\nyour payment of 200.00 EUR arrived.\r\n",
        "Hello Zoë,\r\n.a leading dot is doubled on the wire\r\n",
    ]
    static let fastRetry = RetryPolicy(firstDelay: 0.05, multiplier: 1, maxDelay: 0.05, maxAttempts: 5, maxAge: 60, jitter: 0)

    func transport(_ server: SMTPTestServer, timeout: TimeInterval = 10) throws -> SMTPTransport {
        SMTPTransport(configuration: try SMTPConfiguration(
            url: "smtp://127.0.0.1:\(server.port)?starttls=opportunistic", connectTimeout: 3, timeout: timeout))
    }

    /// Delivers one unkeyed message through a spool and its worker; returns its final status.
    func deliverThroughWorker(_ message: ComposedMessage, _ transport: SMTPTransport) throws -> MessageStatus {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: transport, options: WorkerOptions(
            concurrency: 1, retry: Self.fastRetry, idlePoll: 0.05), log: .silent)
        try spool.start()
        defer { spool.stop() }
        let id = try spool.enqueue(message, fingerprint: "f").id
        return try #require(try spool.waitUntilFinished(id: id, timeout: 30))
    }

    @Test("closed right after the final dot: unknown, one copy, not retried without a key", arguments: bodies)
    func closedAfterFinalDot(body: String) throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let status = try deliverThroughWorker(Fixtures.message(to: "keep-drop@example.com", body: body), try transport(server))
        #expect(status.status == .unknown, "\(status.lastError ?? "")")
        #expect(status.attempts == 1)
        #expect(server.received().count == 1)
    }

    @Test("the final reply comes after the timeout: unknown, one copy", arguments: bodies)
    func finalReplyAfterTimeout(body: String) throws {
        let server = try SMTPTestServer(lateReply: 4)
        defer { server.stop() }
        let status = try deliverThroughWorker(Fixtures.message(to: "late@example.com", body: body), try transport(server, timeout: 1))
        #expect(status.status == .unknown, "\(status.lastError ?? "")")
        #expect(status.attempts == 1)
        #expect(server.received().count == 1)
    }

    @Test("dropped in the middle of the body, before the final dot: transient, nothing kept")
    func droppedBeforeFinalDot() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        // Far larger than the loopback socket buffers, so libcurl is still uploading when the server drops.
        let body = String(repeating: "0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789\r\n", count: 250_000)
        let outcome = try transport(server).deliver(Fixtures.message(to: "cut@example.com", body: body), attempt: DeliveryAttempt(number: 1))
        guard case .transient(let error) = outcome else { Issue.record("not transient: \(outcome)"); return }
        #expect(error.contains("[curl 55]"), "a failed write: the final dot never left (\(error))")
        #expect(server.waitForOutput("CUT"))
        #expect(server.received().isEmpty)
    }

    @Test("after a reply timeout the connection is closed: the next transaction hears its own 452")
    func timedOutConnectionIsNotReused() throws {
        let server = try SMTPTestServer(lateReply: 1.5)
        defer { server.stop() }
        let smtp = try transport(server, timeout: 1)
        let first = smtp.deliver(Fixtures.message(to: "late@example.com"), attempt: DeliveryAttempt(number: 1))
        guard case .unknown = first else { Issue.record("the late reply was not unknown: \(first)"); return }
        let second = smtp.deliver(Fixtures.message(to: "busy@example.com"), attempt: DeliveryAttempt(number: 1))
        guard case .transient(let error) = second else { Issue.record("not transient: \(second)"); return }
        #expect(error.contains("452"), "\(error)")
        #expect(smtp.deliver(Fixtures.message(), attempt: DeliveryAttempt(number: 1)) == .accepted)
        #expect(server.waitForOutput("MSG 2 "))
        #expect(server.lines("DATA").allSatisfy { !$0.hasSuffix("rcpts=0") }, "DATA sent after a refused RCPT:\n\(server.output)")
        #expect(server.peers("RCPT").count == 3, "each failed transaction's connection closed:\n\(server.output)")
    }
}
