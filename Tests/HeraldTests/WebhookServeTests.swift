import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Webhooks end to end (README "Webhooks"): the real `herald serve` binary POSTs its events to a
/// Python endpoint on 127.0.0.1 that verifies each request with the `standardwebhooks` library and
/// answers 500 twice, then 200, for each event id. Herald is SIGKILLed while a request is in flight
/// and restarted on the same store; every event still arrives, verified, with one 200 per id.
@Suite(.serialized) struct WebhookServeTests {
    /// `Tests/HeraldTests/Support/webhook_receiver.py` on a free loopback port, stopped by its PID.
    final class Receiver {
        let port: Int
        private let process: ChildProcess

        init(secret: String, holdAfter: Int) throws {
            port = try LoopbackPort.free()
            process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments: [
                "python3", "-W", "ignore", HeraldBinary.repositoryRoot.appendingPathComponent("Tests/HeraldTests/Support/webhook_receiver.py").path,
                String(port), secret, "--fail", "2", "--hold-after", String(holdAfter),
            ])
            guard process.waitForOutput(timeout: 15, until: { stdout, _ in stdout.contains("READY") }) else {
                stop()
                throw RequireError.missing("the webhook receiver did not start (run .ci/install-deps for standardwebhooks): \(process.stderr)")
            }
        }

        /// SIGKILL: the test process's threads block SIGTERM, and a child inherits that mask.
        func stop() {
            process.stop(signal: SIGKILL)
        }

        var lines: [String] { process.stdout.split(separator: "\n").map(String.init) }

        /// How many times the receiver answered `status` for the event `id`.
        func answers(_ status: Int, id: String) -> Int {
            lines.filter { $0.hasPrefix("ANSWER \(status) id=\(id) ") }.count
        }
    }

    @Test func everyEventArrivesVerifiedWithOne200PerIdAcrossASIGKILL() throws {
        let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).base64EncodedString()
        let secret = "whsec_" + key
        // The fifth request is never answered: Herald is killed while it waits for it.
        let receiver = try Receiver(secret: secret, holdAfter: 4)
        defer { receiver.stop() }
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("herald-webhooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: state) }
        let secretFile = state.appendingPathComponent("webhook-secret")
        try (secret + "\n").write(to: secretFile, atomically: true, encoding: .utf8)
        let environment = [
            "HERALD_STORE": "sqlite:" + state.appendingPathComponent("herald.db").path,
            "HERALD_OUTBOX": state.appendingPathComponent("outbox.jsonl").path,
            "HERALD_WEBHOOK_URL": "http://127.0.0.1:\(receiver.port)/hooks?token=not-logged",
            "HERALD_WEBHOOK_SECRET_FILE": secretFile.path,
            "HERALD_WEBHOOK_EVENTS": "message.accepted,message.sent",
            "HERALD_WEBHOOK_RETRY_SCHEDULE": "0.2",
            // Far longer than the test takes to kill it once the request is held.
            "HERALD_WEBHOOK_TIMEOUT": "20",
        ]

        let first = try HeraldProcess(environment: environment)
        let client = HTTPClient(port: first.port)
        var ids: [String] = []
        for recipient in ["ana@example.com", "bo@example.com", "cy@example.com"] {
            let accepted = try client.post("/v1/messages", try SendRequests.body("all-paid", to: recipient))
            #expect(accepted.status == 202)
            ids.append(try #require(accepted.json?["id"] as? String))
        }
        let held = waitUntil(timeout: 120) { receiver.lines.contains { $0.hasPrefix("HOLDING ") } }
        #expect(held, "no request reached the receiver's hold: \(receiver.lines)")
        #expect(first.stop(signal: SIGKILL) != 0)
        let firstLog = first.logLines

        let second = try HeraldProcess(environment: environment)
        defer { second.stop() }
        let restarted = HTTPClient(port: second.port)
        var expected: [String] = []
        let delivered = try waitUntil(timeout: 240) {
            let page = try restarted.get("/v1/events?limit=100").json?["events"] as? [[String: Any]] ?? []
            expected = page.compactMap { $0["id"] as? String }
            return expected.count == 6 && expected.allSatisfy { receiver.answers(200, id: $0) >= 1 }
        }
        #expect(delivered, "not every event was answered 200: events \(expected), receiver \(receiver.lines)")
        for id in ids {
            let types = (try restarted.get("/v1/messages/\(id)").json?["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
            #expect(types == ["message.accepted", "message.sent"], "\(id): \(types)")
        }
        #expect(!receiver.lines.contains { $0.hasPrefix("INVALID") }, "every request verifies: \(receiver.lines)")
        for id in expected {
            #expect(receiver.answers(200, id: id) == 1, "\(id) was answered 200 once")
            #expect(receiver.answers(500, id: id) == 2, "\(id) was retried after each 500")
        }
        let answered = Set(receiver.lines.compactMap { line -> String? in
            guard line.hasPrefix("ANSWER ") else { return nil }
            return line.split(separator: " ").first { $0.hasPrefix("id=") }.map { String($0.dropFirst(3)) }
        })
        #expect(answered == Set(expected), "no other event id was sent")
        let logs = firstLog + second.logLines
        #expect(logs.contains { $0.contains("\"event\":\"webhook_delivered\"") })
        #expect(!logs.contains { $0.contains(key) || $0.contains("not-logged") }, "neither the key nor the URL's query is logged")
    }
}
