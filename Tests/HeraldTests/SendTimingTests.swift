import Foundation
import Delivery
import HeraldTesting
import Testing
import TestSupport

/// What a send request means when time passes: a retry of an accepted request, and a message
/// scheduled for another day. In process; `herald send` is the real binary on the same spool.
@Suite struct SendTimingTests {
    private static func rfc3339(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    @Test func aRetryIsTheSameMessageEvenOnceTheRequestWouldNoLongerValidate() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let expiry = Date().addingTimeInterval(2)
        let context = try SendRequests.sampleContext("check-in")
            .replacingOccurrences(of: #""linkExpiresAt": "2031-03-04T09:00:00Z""#, with: "\"linkExpiresAt\": \"\(Self.rfc3339(expiry))\"")
        #expect(context.contains(Self.rfc3339(expiry)), "the link expires in two seconds")
        let body = try SendRequests.body("check-in", to: "owner@example.com", context: context, key: "invoice-42/check-in")
        let first = try client.post("/v1/messages", body)
        #expect(first.status == 202)
        // Wait for the condition itself: the same request, rendered now, is refused for its expired link.
        let expired = try waitUntil(timeout: 10, interval: 0.1) { try client.post("/v1/render", body).status == 422 }
        #expect(expired, "the link expired and the request no longer validates")
        let retry = try client.post("/v1/messages", body)
        #expect(retry.status == 200, "the link has expired since, but this is the request already accepted")
        #expect(retry.json?["id"] as? String == first.json?["id"] as? String)
    }

    @Test func theSameRequestFromTheCommandLineAndTheAPIIsOneMessage() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let later = Self.rfc3339(Date().addingTimeInterval(3600))
        let contextFile = herald.directory.appendingPathComponent("context.json")
        try Data(try SendRequests.sampleContext("check-in").utf8).write(to: contextFile)
        let send = try HeraldProcess.command(
            ["send", "check-in", "--to", "Zoë O'Brien <owner@example.com>", "--locale", "en", "--context", contextFile.path,
             "--key", "invoice-43/check-in", "--send-at", later],
            in: herald.directory,
            environment: ["HERALD_STORE": herald.directory.appendingPathComponent("herald.db").path, "HERALD_OUTBOX": herald.outbox.path])
        #expect(send.status == 0, "\(send.stderr)")
        let cliID = try require(send.json["id"] as? String, "the id herald send printed")

        let body = try SendRequests.body("check-in", to: "owner@example.com", key: "invoice-43/check-in", sendAt: later)
        let api = try herald.post("/v1/messages", body)
        #expect(api.status == 200, "same key, same request: the message herald send created")
        #expect(api.json?["id"] as? String == cliID)
    }

    @Test func aScheduledMessageIsRenderedForTheDayItIsSent() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        // The sample says "tomorrow" when sent the day before its debit date (2031-03-04 once moved).
        let sendAt = "2031-03-03T09:00:00Z"
        let body = try SendRequests.body(
            "upcoming-debit", to: "soon@example.com",
            context: try SendRequests.storedSampleContext("upcoming-debit", named: "tomorrow.json"), sendAt: sendAt)
        let response = try herald.post("/v1/messages", body)
        #expect(response.status == 202)
        let id = try require(response.json?["id"] as? String, "the message id")
        let store = try SQLiteSpoolStore(path: herald.directory.appendingPathComponent("herald.db").path)
        let message = try require(try store.find(id: id)?.message, "the stored message")
        #expect(message.subject.hasSuffix("will be debited tomorrow"))
        #expect(message.eml.contains("Date: Mon, 03 Mar 2031 09:00:00 +0000"))
    }
}
