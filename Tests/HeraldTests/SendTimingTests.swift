import Foundation
import Delivery
import Testing

/// What a send request means when time passes: a retry of an accepted request, and a message
/// scheduled for another day.
@Suite(.serialized) struct SendTimingTests {
    private static func rfc3339(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    @Test func aRetryIsTheSameMessageEvenOnceTheRequestWouldNoLongerValidate() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let expiry = Date().addingTimeInterval(2)
        let context = try SendRequests.sampleContext("check-in")
            .replacingOccurrences(of: #""linkExpiresAt": "2031-03-04T09:00:00Z""#, with: "\"linkExpiresAt\": \"\(Self.rfc3339(expiry))\"")
        #expect(context.contains(Self.rfc3339(expiry)), "the link expires in two seconds")
        let body = try SendRequests.body("check-in", to: "owner@example.com", context: context, key: "invoice-42/check-in")
        let first = try client.post("/v1/messages", body)
        #expect(first.status == 202)
        Thread.sleep(until: expiry.addingTimeInterval(1.5))
        let retry = try client.post("/v1/messages", body)
        #expect(retry.status == 200, "the link has expired since, but this is the request already accepted")
        #expect(retry.json?["id"] as? String == first.json?["id"] as? String)
    }

    @Test func theSameRequestFromTheCommandLineAndTheAPIIsOneMessage() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let later = Self.rfc3339(Date().addingTimeInterval(3600))
        let contextFile = herald.directory.appendingPathComponent("context.json")
        try Data(try SendRequests.sampleContext("check-in").utf8).write(to: contextFile)
        let send = Process()
        send.executableURL = HeraldProcess.binary
        send.arguments = ["send", "check-in", "--to", "Zoë O'Brien <owner@example.com>", "--locale", "en", "--context", contextFile.path,
                          "--key", "invoice-43/check-in", "--send-at", later]
        send.currentDirectoryURL = herald.directory
        send.environment = ["PATH": "/usr/bin:/bin", "HERALD_TEMPLATES": HeraldProcess.repositoryRoot.appendingPathComponent("Templates").path]
        let output = Pipe()
        send.standardOutput = output
        send.standardError = FileHandle.nullDevice
        try send.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        send.waitUntilExit()
        #expect(send.terminationStatus == 0)
        let cliID = try require((try JSONSerialization.jsonObject(with: printed) as? [String: Any])?["id"] as? String, "the id herald send printed")

        let body = try SendRequests.body("check-in", to: "owner@example.com", key: "invoice-43/check-in", sendAt: later)
        let api = try HTTPClient(port: herald.port).post("/v1/messages", body)
        #expect(api.status == 200, "same key, same request: the message herald send created")
        #expect(api.json?["id"] as? String == cliID)
    }

    @Test func aScheduledMessageIsRenderedForTheDayItIsSent() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        // The sample says "tomorrow" when sent the day before its debit date (2031-03-04 once moved).
        let sendAt = "2031-03-03T09:00:00Z"
        let body = try SendRequests.body(
            "upcoming-debit", to: "soon@example.com",
            context: try SendRequests.storedSampleContext("upcoming-debit", named: "tomorrow.json"), sendAt: sendAt)
        let response = try HTTPClient(port: herald.port).post("/v1/messages", body)
        #expect(response.status == 202)
        let id = try require(response.json?["id"] as? String, "the message id")
        let store = try SQLiteSpoolStore(path: herald.directory.appendingPathComponent("var/herald.db").path)
        let message = try require(try store.find(id: id)?.message, "the stored message")
        #expect(message.subject.hasSuffix("will be debited tomorrow"))
        #expect(message.eml.contains("Date: Mon, 03 Mar 2031 09:00:00 +0000"))
    }
}
