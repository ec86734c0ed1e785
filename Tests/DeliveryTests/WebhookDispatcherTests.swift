import Foundation
import HeraldLogging
import TestSupport
import Testing
@testable import Delivery

/// The dispatcher in process: its threads are not the mail worker's, and what cannot be delivered in
/// time is given up, logged and counted.
@Suite("Webhook dispatcher")
struct WebhookDispatcherTests {
    static let secret: WebhookSecret = {
        guard let secret = try? WebhookSecret(parsing: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") else { fatalError("the test key parses") }
        return secret
    }()

    @Test("an endpoint that never answers does not delay mail")
    func hungEndpointNeverDelaysMail() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let hung = try SilentServer()
        let webhooks = WebhookOptions(
            endpoints: ["http://127.0.0.1:\(hung.port)/hooks"], secret: Self.secret, types: Set(MessageEventType.allCases), timeout: 3)
        let transport = ScriptedTransport()
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: transport,
                              options: WorkerOptions(concurrency: 1, idlePoll: 0.05), log: .silent, webhooks: webhooks)
        try spool.start()
        defer { spool.stop(drainTimeout: 5) }
        let ids = try (0..<5).map { _ in try spool.enqueue(Fixtures.message(), fingerprint: "f").id }
        #expect(try spool.waitUntilIdle(timeout: 60), "every message is sent while the webhook request hangs")
        #expect(transport.deliveries.count == 5)
        for id in ids { #expect(try spool.events(messageID: id).map(\.type) == [.accepted, .sent]) }
        #expect(try spool.webhookDeliveryCounts().pending == 10, "the events wait for the endpoint, none lost")
    }

    @Test("a delivery refused until its maximum age is given up, logged and counted")
    func refusedDeliveryIsGivenUp() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let closed = try LoopbackPort.free()
        let lines = CollectedLines()
        let webhooks = WebhookOptions(
            endpoints: ["http://127.0.0.1:\(closed)/hooks?token=secret-token"], secret: Self.secret,
            retry: WebhookRetrySchedule(delays: [0.05], maxAge: 0.5), timeout: 2, idlePoll: 0.02)
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: ScriptedTransport(),
                              options: WorkerOptions(concurrency: 1, idlePoll: 0.05), log: HeraldLog(minimumLevel: .info, sink: lines),
                              webhooks: webhooks)
        try spool.start()
        defer { spool.stop(drainTimeout: 5) }
        let id = try spool.enqueue(Fixtures.message(), fingerprint: "f").id
        var counts = (pending: 0, abandoned: 0)
        let givenUp = try waitUntil(timeout: 60) {
            counts = try spool.webhookDeliveryCounts()
            // The dispatcher logs once the store recorded it: wait for both.
            return counts == (pending: 0, abandoned: 1) && lines.lines.contains { $0.contains("\"event\":\"webhook_given_up\"") }
        }
        #expect(givenUp, "\(counts) \(lines.lines)")
        let line = try #require(lines.lines.first { $0.contains("\"event\":\"webhook_given_up\"") })
        let json = try #require(LogLine.parse(line))
        #expect(json["id"] as? String == id && json["type"] as? String == "message.sent")
        #expect(json["endpoint"] as? String == "http://127.0.0.1:\(closed)/hooks")
        #expect((json["attempt"] as? Int ?? 0) >= 2, "retried before giving up")
        #expect(lines.lines.contains { $0.contains("\"event\":\"webhook_retrying\"") })
        #expect(!lines.lines.contains { $0.contains("secret-token") || $0.contains("MfKQ9r8") })
    }
}
