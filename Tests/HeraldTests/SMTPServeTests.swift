import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `herald serve --transport smtp` against a real SMTP server (aiosmtpd, the delivery tests'
/// script) on 127.0.0.1: the send API reaches the relay, and attempts are counted by outcome.
@Suite(.serialized) struct SMTPServeTests {
    /// The delivery tests' aiosmtpd script, started on a free loopback port and stopped by its PID.
    final class SMTPServer {
        let port: Int
        let outbox: URL
        private let process: ChildProcess

        init() throws {
            port = try LoopbackPort.free()
            outbox = FileManager.default.temporaryDirectory.appendingPathComponent("herald-smtp-\(UUID().uuidString)")
            process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments: [
                "python3", "-W", "ignore", HeraldBinary.repositoryRoot.appendingPathComponent("Tests/DeliveryTests/Support/smtpd.py").path,
                String(port), outbox.path,
            ])
            guard process.waitForOutput(timeout: 15, until: { stdout, _ in stdout.contains("READY") }) else {
                stop()
                throw RequireError.missing("aiosmtpd did not start (run .ci/install-deps)")
            }
        }

        /// SIGKILL: the test process's threads block SIGTERM, and a child inherits that mask.
        func stop() {
            process.stop(signal: SIGKILL)
            try? FileManager.default.removeItem(at: outbox)
        }

        var receivedCount: Int {
            ((try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []).filter { $0.hasSuffix(".eml") }.count
        }
    }

    @Test func sendsThroughSMTPAndCountsAttemptsByOutcome() throws {
        let smtp = try SMTPServer()
        defer { smtp.stop() }
        let herald = try HeraldProcess(environment: [
            "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)?starttls=opportunistic",
        ])
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let accepted = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "zoe@example.com", locale: "fr"))
        let rejected = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "reject-me@example.com"))
        #expect(accepted.status == 202)
        #expect(rejected.status == 202)
        let acceptedID = try #require(accepted.json?["id"] as? String)
        let rejectedID = try #require(rejected.json?["id"] as? String)

        var states: (String?, String?) = (nil, nil)
        try waitUntil(timeout: 10) {
            states = (try client.get("/v1/messages/\(acceptedID)").json?["status"] as? String,
                      try client.get("/v1/messages/\(rejectedID)").json?["status"] as? String)
            return states.0 == "sent" && states.1 == "failed"
        }
        #expect(states.0 == "sent")
        #expect(states.1 == "failed")
        #expect(smtp.receivedCount == 1)
        let metrics = try client.get("/metrics").text
        #expect(metrics.contains("herald_delivery_attempts_total{transport=\"smtp\",outcome=\"accepted\"} 1"))
        #expect(metrics.contains("herald_delivery_attempts_total{transport=\"smtp\",outcome=\"permanent\"} 1"))
        #expect(metrics.contains("herald_messages{state=\"failed\"} 1"))
        let started = try #require(herald.logLines.first { $0.contains("\"event\":\"started\"") })
        #expect(started.contains("\"transport\":\"smtp\""))
    }
}
