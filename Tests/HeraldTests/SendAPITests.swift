import Foundation
@testable import Delivery
import HeraldTesting
import Messages
import Testing
import TestSupport

/// The send API through the whole service (auth, routes, the real spool and its worker, the outbox
/// file), in process; what only the wire or a signal shows goes to the live server or the binary.
@Suite struct SendAPITests {
    @Test func everyMessageKindInEveryLocaleReachesTheOutbox() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        for kind in SendRequests.kinds {
            for locale in ["de", "en", "fr"] {
                let email = "\(kind)-\(locale)@example.com"
                let response = try client.post("/v1/messages", try SendRequests.body(kind, to: email, locale: locale))
                #expect(response.status == 202, "\(kind) \(locale): \(response.text)")
                #expect(response.json?["status"] as? String == "queued")
                let id = try #require(response.json?["id"] as? String)
                #expect(response.header("Location") == "/v1/messages/\(id)")
                let delivered = try await herald.outbox.waitForMessages(OutboxFilter(to: email, message: kind), count: 1)
                #expect(delivered.count == 1, "\(kind) \(locale)")
                #expect(delivered.first?.id == id)
                #expect(delivered.first?.locale == locale)
                #expect(delivered.first?.subject.isEmpty == false)
                #expect(delivered.first?.eml.contains("Message-ID:") == true)
            }
        }
        let paid = try await herald.waitForMessage(OutboxFilter(to: "installment-paid-fr@example.com"))
        let context = try paid.decodeContext(InstallmentPaidContext.self)
        #expect(context.installmentNumber == 1, "the outbox keeps the caller's context, decodable into the typed struct")
        let expectedRequests = SendRequests.kinds.count * 3
        let requestLines = herald.logLines.filter { $0.contains("\"event\":\"request\"") && $0.contains("\"path\":\"/v1/messages\"") }
        #expect(requestLines.count == expectedRequests, "every kind × three locales")
        #expect(requestLines.allSatisfy { $0.contains("\"messageId\":") && $0.contains("\"status\":202") })
        #expect(!herald.logLines.contains { $0.contains("Zoë") }, "no bodies in logs")
    }

    @Test func statusAfterDeliveryAndMetrics() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let sent = try client.post("/v1/messages", try SendRequests.body("all-paid", to: "status@example.com"))
        let id = try #require(sent.json?["id"] as? String)
        _ = try await herald.waitForMessage(OutboxFilter(to: "status@example.com"))
        var status: TestResponse?
        try waitUntil(timeout: 5) {
            status = try client.get("/v1/messages/\(id)")
            return status?.json?["status"] as? String == "sent"
        }
        let json = try #require(status?.json)
        #expect(status?.status == 200)
        #expect(json["status"] as? String == "sent")
        #expect(json["message"] as? String == "all-paid")
        #expect(json["attempts"] as? Int == 1)
        for field in ["id", "message", "status", "attempts", "lastError", "createdAt", "sendAt", "deliveredAt", "key"] {
            #expect(json.keys.contains(field), "\(field)")
        }
        // The state gauges are read from the spool's counts, which the worker updates just after the
        // status a GET reads: wait for them (bounded) rather than race them.
        var metrics = ""
        try waitUntil(timeout: 5) {
            metrics = try client.get("/metrics").text
            return metrics.contains("herald_messages{state=\"sent\"} 1") && metrics.contains("herald_spool_depth 0")
        }
        #expect(metrics.contains("herald_messages{state=\"sent\"} 1"))
        #expect(metrics.contains("herald_spool_depth 0"))
        #expect(metrics.contains("herald_delivery_attempts_total{transport=\"outbox\",outcome=\"accepted\"} 1"))
        #expect(metrics.contains("herald_http_requests_total{route=\"/v1/messages\",method=\"POST\",status=\"202\"} 1"))
        #expect(metrics.contains("herald_http_requests_total{route=\"/v1/messages/{id}\",method=\"GET\",status=\"200\"}"))
    }

    @Test func idempotentRetriesWithKey() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let body = try SendRequests.body("installment-paid", to: "key@example.com", key: "order-42/installment-1/paid")
        let first = try client.post("/v1/messages", body)
        #expect(first.status == 202)
        let again = try client.post("/v1/messages", body)
        #expect(again.status == 200)
        #expect(again.json?["id"] as? String == first.json?["id"] as? String)
        let reformatted = try client.post("/v1/messages", "  " + body.replacingOccurrences(of: ",\"", with: ", \""))
        #expect(reformatted.status == 200, "the same JSON with other whitespace is the same request")
        #expect(reformatted.json?["id"] as? String == first.json?["id"] as? String)
        _ = try await herald.waitForMessage(OutboxFilter(to: "key@example.com"))
        let other = try SendRequests.body("installment-paid", to: "key@example.com", locale: "fr", key: "order-42/installment-1/paid")
        let conflict = try client.post("/v1/messages", other)
        #expect(conflict.status == 409)
        #expect(conflict.errorCode == "key_conflict")
        #expect(try await herald.waitUntilSpoolIsEmpty())
        #expect(try herald.outbox.messages(OutboxFilter(to: "key@example.com")).count == 1, "delivered once")
    }

    @Test func schedulingReplacingAndCancelling() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let scheduled = try client.post("/v1/messages", try SendRequests.body("check-in", to: "owner@example.com", key: "invoice-7/check-in", sendAt: later))
        #expect(scheduled.status == 202)
        #expect(scheduled.json?["status"] as? String == "scheduled")
        let firstID = try #require(scheduled.json?["id"] as? String)
        #expect(try client.get("/v1/messages/\(firstID)").json?["status"] as? String == "scheduled")

        let replacement = try client.post("/v1/messages", try SendRequests.body("check-in", to: "owner@example.com", locale: "fr", key: "invoice-7/check-in", sendAt: later))
        #expect(replacement.status == 202, "same key, other body, still scheduled: replaced")
        let secondID = try #require(replacement.json?["id"] as? String)
        #expect(secondID != firstID)
        #expect(try client.get("/v1/messages/\(firstID)").json?["status"] as? String == "cancelled")

        let cancelled = try client.send("DELETE", "/v1/messages/\(secondID)")
        #expect(cancelled.status == 200)
        #expect(cancelled.json?["status"] as? String == "cancelled")
        let again = try client.send("DELETE", "/v1/messages/\(secondID)")
        #expect(again.status == 409)

        let now = try client.post("/v1/messages", try SendRequests.body("failed-debit", to: "late@example.com"))
        let nowID = try #require(now.json?["id"] as? String)
        _ = try await herald.waitForMessage(OutboxFilter(to: "late@example.com"))
        var tooLate = try client.send("DELETE", "/v1/messages/\(nowID)")
        try waitUntil(timeout: 5) {
            tooLate = try client.send("DELETE", "/v1/messages/\(nowID)")
            return tooLate.status == 409
        }
        #expect(tooLate.status == 409)
        #expect(tooLate.errorCode == "too_late")
        #expect(try client.send("DELETE", "/v1/messages/no-such-id").status == 404)
        #expect(try client.get("/v1/messages/no-such-id").status == 404)
        #expect(try client.get("/v1/messages/..%2F..%2Fetc").status == 404)
        #expect(try await herald.waitUntilSpoolIsEmpty())
        #expect(try herald.outbox.messages(OutboxFilter(to: "owner@example.com")).isEmpty, "cancelled messages are never delivered")
    }

    @Test func everyErrorStatusWithItsBody() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald

        let notJSON = try client.post("/v1/messages", "{\"message\":")
        #expect(notJSON.status == 400)
        #expect(notJSON.errorCode == "invalid_json")

        var context = try SendRequests.sampleContext("installment-paid")
        context = context.replacingOccurrences(of: "\"productTitle\"", with: "\"productTitle\": 5, \"ignoredTitle\"")
        let badContext = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "a@example.com", context: context))
        #expect(badContext.status == 400)
        #expect(badContext.errorFields.contains { $0["path"] == "context.productTitle" })

        let injected = try client.post("/v1/messages", try SendRequests.body("all-paid", to: "a@example.com\\r\\nBcc: evil@example.com"))
        #expect(injected.status == 400)
        #expect(injected.errorFields.contains { $0["path"] == "to[0].email" })
        let twoAddresses = try client.post("/v1/messages", try SendRequests.body("all-paid", to: "a@example.com, b@example.com"))
        #expect(twoAddresses.status == 400)
        #expect(twoAddresses.errorFields.contains { $0["path"] == "to[0].email" })
        let badSendAt = try client.post("/v1/messages", try SendRequests.body("all-paid", to: "a@example.com", sendAt: "2026-03-05"))
        #expect(badSendAt.status == 400)
        #expect(badSendAt.errorFields.contains { $0["path"] == "sendAt" })

        let mixed = try SendRequests.sampleContext("installment-paid").replacingOccurrences(of: "\"EUR\"", with: "\"USD\"", options: [], range: nil)
            .replacingOccurrences(of: "\"remainingBalance\"", with: "\"remainingBalance\": {\"amount\":\"1.00\",\"currency\":\"EUR\"}, \"ignoredBalance\"")
        let unprocessable = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "a@example.com", context: mixed))
        #expect(unprocessable.status == 422 || unprocessable.status == 400, "\(unprocessable.text)")

        let unsupportedCurrency = try SendRequests.sampleContext("installment-paid").replacingOccurrences(of: "\"EUR\"", with: "\"XYZ\"")
        let currency = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "a@example.com", context: unsupportedCurrency))
        #expect(currency.status == 422, "\(currency.text)")
        #expect(currency.errorCode == "unprocessable")

        let unknownMessage = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "a@example.com").replacingOccurrences(of: "\"installment-paid\"", with: "\"birthday\""))
        #expect(unknownMessage.status == 404)
        #expect(unknownMessage.errorCode == "unknown_message")

        let wrongType = try client.send("POST", "/v1/messages", body: "message=all-paid", contentType: "application/x-www-form-urlencoded")
        #expect(wrongType.status == 415)
        #expect(wrongType.errorCode == "unsupported_media_type")

        let wrongMethod = try client.send("PUT", "/v1/messages", body: "{}")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.errorCode == "method_not_allowed")

        let hostile = "{\"message\":\"installment-paid\",\"to\":[" + (0..<300).map { _ in "{\"email\":\"x\"}" }.joined(separator: ",") + "],\"context\":{}}"
        let capped = try client.post("/v1/messages", hostile)
        #expect(capped.status == 400)
        #expect(capped.errorFields.count <= 100)
    }

    /// The body limit is the server's (its parser refuses the request before any route): only a live
    /// server shows its `413` with Herald's JSON error body.
    @Test func aBodyOverTheLimitIs413OverTheWire() throws {
        let herald = try TestHerald.repository(.live)
        defer { herald.stop() }
        let tooLarge = try herald.post("/v1/messages", "{\"pad\":\"" + String(repeating: "x", count: AttachmentLimits.maximumRequestBytes + 1) + "\"}")
        #expect(tooLarge.status == 413)
        #expect(tooLarge.errorCode == "body_too_large")
        let accepted = try herald.post("/v1/messages", try SendRequests.body("all-paid", to: "wire@example.com"))
        #expect(accepted.status == 202, "\(accepted.text)")
        #expect(accepted.header("Content-Length") == String(accepted.body.count))
    }

    /// A spool that cannot store the message answers 503 with the error body, never 500 or 202.
    @Test func unwritableSpoolIs503() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        // Another connection breaks the database under the running service.
        try SQLiteConnection(path: herald.directory.appendingPathComponent("herald.db").path, busyTimeout: 5_000).execute("DROP TABLE messages")
        let response = try herald.post("/v1/messages", try SendRequests.body("all-paid", to: "full@example.com"))
        #expect(response.status == 503)
        #expect(response.errorCode == "spool_unavailable")
        #expect(herald.logLines.filter { $0.contains("\"event\":\"enqueue_failed\"") }.count == 1)
    }

    /// A spool at its capacity answers 503 `spool_full` with `Retry-After`, and accepts again once a
    /// message is cancelled. `sendAt` in the future keeps the worker from draining the spool meanwhile.
    @Test func fullSpoolIs503WithRetryAfter() throws {
        let herald = try TestHerald.repository(settings: ["spool-capacity": "2"])
        defer { herald.stop() }
        let client = herald
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let responses = try (0..<3).map { index in
            try client.post("/v1/messages", try SendRequests.body("all-paid", to: "full\(index)@example.com", sendAt: later))
        }
        #expect(responses.map(\.status) == [202, 202, 503])
        let refused = responses[2]
        #expect(refused.errorCode == "spool_full")
        #expect(refused.header("Retry-After") == "30")
        #expect(((refused.json?["error"] as? [String: Any])?["message"] as? String)?.contains("capacity of 2") == true)
        #expect(herald.logLines.contains { $0.contains("\"event\":\"started\"") && $0.contains("\"spoolCapacity\":\"2\"") })
        #expect(herald.logLines.filter { $0.contains("\"event\":\"spool_full\"") }.count == 1)

        let firstID = try #require(responses[0].json?["id"] as? String)
        #expect(try client.send("DELETE", "/v1/messages/\(firstID)").status == 200)
        let again = try client.post("/v1/messages", try SendRequests.body("all-paid", to: "full2@example.com", sendAt: later))
        #expect(again.status == 202, "\(again.text)")
    }

    /// SIGTERM while requests are in flight: each accepted message is on disk and delivered after a
    /// restart. A signal reaches only a process, so this one runs the binary.
    @Test func gracefulStopKeepsAcceptedMail() async throws {
        let herald = try HeraldProcess()
        let client = HTTPClient(port: herald.port)
        var accepted: [String] = []
        for index in 0..<10 {
            let response = try client.post("/v1/messages", try SendRequests.body("all-paid", to: "stop\(index)@example.com"))
            if response.status == 202, let id = response.json?["id"] as? String { accepted.append(id) }
        }
        #expect(herald.stop() == 0)
        #expect(accepted.count == 10)
        let restarted = try HeraldProcess(directory: herald.directory)
        defer { restarted.stop() }
        let outbox = TestOutbox(path: restarted.directory.appendingPathComponent("var/outbox.jsonl").path)
        let delivered = try await outbox.waitForMessages(OutboxFilter(), count: 10)
        #expect(Set(delivered.map(\.id)) == Set(accepted))
    }
}
