import Foundation
import HeraldTesting
import Testing

/// The manual-payment messages and the payment invariants through `POST /v1/messages`.
@Suite(.serialized) struct ManualPaymentAPITests {
    @Test func badFreeTextAndContradictionsAreRefusedWithTheirPath() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let rejected = try SendRequests.sampleContext("payment-rejected")
        let cases: [(kind: String, context: String, status: Int, path: String)] = [
            ("payment-rejected", rejected.replacingOccurrences(of: #""reason": ""#, with: #""reason": "x\r\nBcc: evil@example.com "#), 400, "context.reason"),
            ("payment-rejected", rejected.replacingOccurrences(of: #""reason": ""#, with: #""reason": "\u0007"#), 400, "context.reason"),
            ("payment-rejected", rejected.replacingOccurrences(of: #""reason": ""#, with: "\"reason\": \"" + String(repeating: "x", count: 1_001)), 400, "context.reason"),
            ("payment-submitted", try SendRequests.sampleContext("payment-submitted").replacingOccurrences(of: #""reviewBy": "2031-"#, with: #""reviewBy": "2020-"#),
             422, "context.reviewBy"),
            ("all-paid", try SendRequests.sampleContext("all-paid").replacingOccurrences(of: #""state": "paid""#, with: #""state": "pending""#),
             422, "context.schedule[0].state"),
        ]
        for bad in cases {
            let response = try client.post("/v1/messages", try SendRequests.body(bad.kind, to: "bad@example.com", context: bad.context))
            #expect(response.status == bad.status, "\(bad.kind) \(bad.path): \(response.text)")
            #expect(response.errorFields.contains { $0["path"] == bad.path }, "\(response.text)")
        }
    }

    @Test func theHostileSampleArrivesEscaped() async throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let context = try SendRequests.storedSampleContext("payment-submitted", named: "hostile-texts-usd.json")
        let response = try client.post("/v1/messages", try SendRequests.body("payment-submitted", to: "hostile@example.com", context: context))
        #expect(response.status == 202, "\(response.text)")
        let outbox = TestOutbox(path: herald.directory.appendingPathComponent("var/outbox.jsonl").path)
        let message = try await outbox.waitForMessage(OutboxFilter(to: "hostile@example.com"), timeout: .seconds(20))
        #expect(message.html.contains("Wire &lt;img src=x onerror=alert(1)&gt;") && !message.html.contains("<img src=x"))
        #expect(message.text.contains("Wire <img src=x onerror=alert(1)>"))
    }
}
