import Foundation
import TestSupport
import Testing

/// `herald serve`'s stderr in a short real run: requests of every kind, a delivery by the spool's
/// worker, a graceful stop. Every line is one JSON log line with `ts`, `level`, `event` first.
@Suite(.serialized) struct ServeLogTests {
    @Test func everyStderrLineIsOneLogLineWithTheSchema() throws {
        let herald = try HeraldProcess(environment: ["HERALD_API_TOKEN": "tok-log-secret"])
        var client = HTTPClient(port: herald.port)
        #expect(try client.get("/healthz").status == 200)
        #expect(try client.post("/v1/messages", "{}").status == 401)
        client.token = "tok-log-secret"
        #expect(try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "zoe@example.com")).status == 202)
        #expect(try client.post("/v1/messages", "{\"message\":").status == 400)
        #expect(try client.get("/v1/nowhere").status == 404)
        let deliveries = herald.logLines(atLeast: 1) { $0.contains("\"event\":\"delivery\"") }
        #expect(deliveries.count == 1)
        #expect(herald.stop() == 0)

        let lines = herald.logLines
        let strays = lines.filter { LogLine.parse($0) == nil }
        #expect(strays.isEmpty, "not log lines:\n\(strays.joined(separator: "\n"))")
        let events = lines.compactMap { LogLine.parse($0)?["event"] as? String }
        #expect(events.first == "started")
        #expect(events.filter { $0 == "request" }.count == 5)
        #expect(events.suffix(2) == ["shutdown", "stopped"])
        #expect(events.contains("delivery"))
        let text = lines.joined(separator: "\n")
        #expect(!text.contains("tok-log-secret") && !text.contains("Zoë") && !text.contains("Ceramics"), "no secrets, names or contexts")
    }
}
