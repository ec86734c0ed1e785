import Foundation
import TestSupport
import Messages
import Testing
@testable import Delivery

/// Against a real SMTP server (aiosmtpd) on 127.0.0.1, started per test.
@Suite("SMTP transport against aiosmtpd", .serialized)
struct SMTPTransportTests {
    func transport(_ url: String, ca: Bool = false, timeout: TimeInterval = 10) throws -> SMTPTransport {
        SMTPTransport(configuration: try SMTPConfiguration(
            url: url, caFile: ca ? TestCertificates.shared?.caFile : nil, connectTimeout: 3, timeout: timeout))
    }

    func deliver(_ transport: SMTPTransport, _ message: ComposedMessage) -> DeliveryOutcome {
        transport.deliver(message, attempt: DeliveryAttempt(number: 1))
    }

    @Test("plain local relay (opportunistic): the bytes received equal the eml, one connection reused")
    func plainRelay() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let smtp = try transport("smtp://127.0.0.1:\(server.port)?starttls=opportunistic")
        let first = Fixtures.message(id: "p1"), second = Fixtures.message(id: "p2", to: "ann@example.com")
        #expect(deliver(smtp, first) == .accepted)
        #expect(deliver(smtp, second) == .accepted)
        #expect(server.waitForOutput("MSG 2 "))
        let received = server.received()
        #expect(received.count == 2)
        #expect(received.first == Data(first.eml.utf8))
        #expect(received.last == Data(second.eml.utf8))
        let peers = Set(server.output.split(separator: "\n").filter { $0.hasPrefix("MSG") }.compactMap { line in
            line.split(separator: " ").first { $0.hasPrefix("peer=") }
        })
        #expect(peers.count == 1, "expected one reused connection: \(server.output)")
        #expect(server.output.contains("from=no-reply@example.org rcpt=ann@example.com"))
    }

    @Test("STARTTLS required with AUTH and the test CA: sent over TLS, authenticated")
    func startTLSWithAuth() throws {
        let server = try SMTPTestServer(mode: .startTLS, auth: "alice:s3cret")
        defer { server.stop() }
        let smtp = try transport("smtp://alice:s3cret@127.0.0.1:\(server.port)", ca: true)
        let message = Fixtures.message()
        #expect(deliver(smtp, message) == .accepted)
        #expect(server.received() == [Data(message.eml.utf8)])
        #expect(server.waitForOutput("tls=True auth=True"), "\(server.output)")
    }

    @Test("STARTTLS required but not offered: refused, nothing sent in clear")
    func startTLSRefused() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let smtp = try transport("smtp://127.0.0.1:\(server.port)", ca: true)
        guard case .permanent(let error) = deliver(smtp, Fixtures.message()) else { Issue.record("not refused"); return }
        #expect(error.contains("STARTTLS"))
        #expect(server.received().isEmpty)
    }

    @Test("an untrusted certificate is refused")
    func untrustedCertificate() throws {
        let server = try SMTPTestServer(mode: .startTLS)
        defer { server.stop() }
        let smtp = try transport("smtp://127.0.0.1:\(server.port)", ca: false)
        guard case .permanent = deliver(smtp, Fixtures.message()) else { Issue.record("not refused"); return }
        #expect(server.received().isEmpty)
    }

    @Test("implicit TLS (smtps://)")
    func implicitTLS() throws {
        let server = try SMTPTestServer(mode: .implicitTLS)
        defer { server.stop() }
        let smtp = try transport("smtps://127.0.0.1:\(server.port)", ca: true)
        let message = Fixtures.message()
        #expect(deliver(smtp, message) == .accepted)
        #expect(server.received() == [Data(message.eml.utf8)])
        #expect(server.waitForOutput("tls=True"))
    }

    @Test("wrong password: permanent failure with the 535")
    func authFailure() throws {
        let server = try SMTPTestServer(mode: .startTLS, auth: "alice:s3cret")
        defer { server.stop() }
        let smtp = try transport("smtp://alice:wrong@127.0.0.1:\(server.port)", ca: true)
        guard case .permanent(let error) = deliver(smtp, Fixtures.message()) else { Issue.record("not permanent"); return }
        #expect(error.contains("535"))
        #expect(!error.contains("wrong"))
        #expect(server.received().isEmpty)
    }

    @Test("recipient rejected with 550: permanent")
    func rejectedRecipient() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let smtp = try transport("smtp://127.0.0.1:\(server.port)?starttls=opportunistic")
        guard case .permanent(let error) = deliver(smtp, Fixtures.message(to: "reject@example.com")) else {
            Issue.record("not permanent"); return
        }
        #expect(error.contains("550"))
        #expect(deliver(smtp, Fixtures.message()) == .accepted)
    }

    @Test("451 then 250: the spool retries and the message is sent once")
    func tempFailThenAccept() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let smtp = try transport("smtp://127.0.0.1:\(server.port)?starttls=opportunistic")
        #expect({ if case .transient = deliver(smtp, Fixtures.message(id: "direct", to: "tempfail-once@example.com")) { true } else { false } }())
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: smtp, options: WorkerOptions(
            concurrency: 1, retry: RetryPolicy(firstDelay: 0.1, maxDelay: 0.5, maxAttempts: 5), idlePoll: 0.05), log: .silent)
        try spool.start()
        defer { spool.stop() }
        let id = try spool.enqueue(Fixtures.message(id: "spooled", to: "tempfail-once@example.com"), fingerprint: "f").id
        let status = try #require(try spool.waitUntilFinished(id: id, timeout: 20))
        #expect(status.status == .sent)
        #expect(status.attempts == 2)
        #expect(status.lastError?.contains("451") == true)
        #expect(server.received().count == 1)
    }

    @Test("connection dropped after the body: unknown")
    func dropAfterData() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let smtp = try transport("smtp://127.0.0.1:\(server.port)?starttls=opportunistic", timeout: 5)
        guard case .unknown(let error) = deliver(smtp, Fixtures.message(to: "drop@example.com")) else {
            Issue.record("not unknown"); return
        }
        #expect(error.contains("after the message was sent"))
        #expect(server.waitForOutput("DROP"))
    }

    @Test("a server that never answers: transient timeout, bounded by the configured timeout")
    func silentServer() throws {
        let server = try SilentServer()
        let smtp = try transport("smtp://127.0.0.1:\(server.port)?starttls=opportunistic", timeout: 1)
        let started = Date()
        guard case .transient(let error) = deliver(smtp, Fixtures.message()) else { Issue.record("not transient"); return }
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(error.contains("curl 28"))
    }

    @Test("connection refused: transient")
    func refused() throws {
        let port = UInt16(try LoopbackPort.free())
        let smtp = try transport("smtp://127.0.0.1:\(port)?starttls=opportunistic")
        guard case .transient(let error) = deliver(smtp, Fixtures.message()) else { Issue.record("not transient"); return }
        #expect(error.contains("curl 7"))
    }

    @Test("an envelope address with a line break never reaches the server")
    func envelopeInjection() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let smtp = try transport("smtp://127.0.0.1:\(server.port)?starttls=opportunistic")
        guard case .permanent = deliver(smtp, Fixtures.message(to: "zoe@example.com>\r\nRCPT TO:<evil@example.com")) else {
            Issue.record("not refused"); return
        }
        #expect(deliver(smtp, Fixtures.message()) == .accepted)
        #expect(server.waitForOutput("MSG 1 "))
        #expect(!server.output.contains("evil"))
    }
}
