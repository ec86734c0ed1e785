import Foundation
import HeraldTesting
import TestSupport
import Testing

/// `POST /v1/messages/batch`, `DELETE /v1/messages?key=` and `GET /v1/messages/{id}/eml`, through the
/// whole service in process.
@Suite struct BatchAndKeyRoutesTests {
    private func batch(_ requests: [String]) -> String {
        "{\"messages\":[" + requests.joined(separator: ",") + "]}"
    }

    private func results(_ response: TestResponse) throws -> [[String: Any]] {
        try #require(response.json?["results"] as? [[String: Any]])
    }

    @Test func eachRequestOfABatchIsAnsweredAsPostMessagesWouldInOrder() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let good = try SendRequests.body("installment-paid", to: "ana@example.com", key: "order-1/paid")
        let alsoGood = try SendRequests.body("all-paid", to: "bo@example.com", locale: "fr")
        let badField = try SendRequests.body("failed-debit", to: "not an address")
        let unknown = try SendRequests.body("installment-paid", to: "cy@example.com").replacingOccurrences(of: "\"installment-paid\"", with: "\"no-such-message\"")
        let sameKeyOtherBody = try SendRequests.body("installment-paid", to: "dee@example.com", key: "order-1/paid")
        let response = try herald.post("/v1/messages/batch", batch([good, alsoGood, badField, "42", unknown, good, sameKeyOtherBody]))
        #expect(response.status == 207)
        let items = try results(response)
        #expect(items.map { $0["status"] as? Int } == [202, 202, 400, 400, 404, 200, 409])
        let bodies = items.map { $0["body"] as? [String: Any] ?? [:] }
        let firstID = try #require(bodies[0]["id"] as? String)
        #expect(firstID.hasPrefix("msg-"))
        #expect(bodies[0]["status"] as? String == "queued")
        #expect(bodies[5]["id"] as? String == firstID, "the same key and body later in the batch replays the first")
        let fieldError = try #require(bodies[2]["error"] as? [String: Any])
        #expect((fieldError["fields"] as? [[String: Any]])?.contains { ($0["path"] as? String)?.hasPrefix("to") == true } == true)
        #expect((bodies[3]["error"] as? [String: Any])?["code"] as? String == "invalid_request")
        #expect((bodies[4]["error"] as? [String: Any])?["code"] as? String == "unknown_message")
        #expect((bodies[6]["error"] as? [String: Any])?["id"] as? String == firstID)

        _ = try await herald.waitForMessage(OutboxFilter(to: "ana@example.com"))
        _ = try await herald.waitForMessage(OutboxFilter(to: "bo@example.com"))
        #expect(try await herald.waitUntilSpoolIsEmpty())
        let delivered = try herald.outbox.messages()
        #expect(delivered.count == 2, "the accepted ones, once each: \(delivered.map(\.to))")
    }

    @Test func aBatchOfFiveHundredWithTenInvalidAcceptsTheOther490AndDeliversEachOnce() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let invalid = Set(stride(from: 7, to: 500, by: 50))
        let requests = try (0..<500).map { index in
            try SendRequests.body("installment-paid", to: invalid.contains(index) ? "member-\(index)" : "member-\(index)@example.com", key: "bulk-\(index)")
        }
        let response = try herald.post("/v1/messages/batch", batch(requests))
        #expect(response.status == 207)
        let items = try results(response)
        #expect(items.count == 500)
        #expect(items.indices.filter { items[$0]["status"] as? Int == 400 } == invalid.sorted())
        #expect(items.indices.filter { items[$0]["status"] as? Int == 202 }.count == 490)
        let ids = Set(items.compactMap { ($0["body"] as? [String: Any])?["id"] as? String })
        #expect(ids.count == 490)
        let replay = try results(try herald.post("/v1/messages/batch", batch(requests)))
        #expect(replay.filter { $0["status"] as? Int == 200 }.count == 490, "the same batch again is a replay of each accepted one")
        #expect(Set(replay.compactMap { ($0["body"] as? [String: Any])?["id"] as? String }) == ids)
        let drained = try await herald.waitUntilSpoolIsEmpty(timeout: 60)
        let spoolMetrics = try herald.get("/metrics").text.split(separator: "\n").filter { $0.hasPrefix("herald_spool") }
        #expect(drained, "\(spoolMetrics)")
        let delivered = try herald.outbox.messages()
        #expect(delivered.count == 490)
        #expect(Set(delivered.map(\.id)) == ids)
    }

    @Test func aBatchThatIsNotAListOfOneToFiveHundredIsRefusedAsAWhole() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let one = try SendRequests.body("installment-paid", to: "ana@example.com")
        for body in ["{}", "{\"messages\":{}}", "{\"messages\":[]}", batch(Array(repeating: one, count: 501))] {
            let response = try herald.post("/v1/messages/batch", body)
            #expect(response.status == 400, "\(body.prefix(40))")
            #expect(response.errorFields.map { $0["path"] } == ["messages"])
        }
        let extra = try herald.post("/v1/messages/batch", "{\"messages\":[\(one)],\"dryRun\":true}")
        #expect(extra.status == 400)
        #expect(extra.errorFields.map { $0["path"] } == ["dryRun"])
        #expect(try herald.post("/v1/messages/batch", "[1,2]").status == 400)
        #expect(try herald.send("POST", "/v1/messages/batch", body: batch([one]), contentType: "text/plain").status == 415)
        #expect(try herald.outbox.messages().isEmpty)
    }

    @Test func cancellingByKeyCancelsTheMessageThatHoldsIt() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let scheduled = try herald.post("/v1/messages", try SendRequests.body("check-in", to: "owner@example.com", key: "invoice-9/check-in", sendAt: later))
        #expect(scheduled.status == 202)
        let id = try #require(scheduled.json?["id"] as? String)

        let cancelled = try herald.send("DELETE", "/v1/messages?key=invoice-9%2Fcheck-in")
        #expect(cancelled.status == 200)
        #expect(cancelled.json?["id"] as? String == id)
        #expect(cancelled.json?["status"] as? String == "cancelled")
        #expect(try herald.get("/v1/messages/\(id)").json?["status"] as? String == "cancelled")

        let unknown = try herald.send("DELETE", "/v1/messages?key=invoice-10%2Fcheck-in")
        #expect(unknown.status == 404)
        #expect(unknown.errorCode == "not_found")
        let missing = try herald.send("DELETE", "/v1/messages")
        #expect(missing.status == 400)
        #expect(missing.errorFields.first?["path"] == "key")
    }

    @Test func cancellingByKeyTooLateIsAConflictNamingTheMessage() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let sent = try herald.post("/v1/messages", try SendRequests.body("all-paid", to: "ana@example.com", key: "order-3/all-paid"))
        let id = try #require(sent.json?["id"] as? String)
        _ = try await herald.waitForMessage(OutboxFilter(to: "ana@example.com"))
        #expect(try await herald.waitUntilSpoolIsEmpty())
        let late = try herald.send("DELETE", "/v1/messages?key=order-3%2Fall-paid")
        #expect(late.status == 409)
        #expect(late.errorCode == "too_late")
        #expect((late.json?["error"] as? [String: Any])?["id"] as? String == id)
    }

    @Test func theEmlIsTheMessageAsDelivered() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let sent = try herald.post("/v1/messages", try SendRequests.body("installment-paid", to: "ana@example.com", locale: "fr"))
        let id = try #require(sent.json?["id"] as? String)
        let mail = try await herald.waitForMessage(OutboxFilter(to: "ana@example.com"))
        let eml = try herald.get("/v1/messages/\(id)/eml")
        #expect(eml.status == 200)
        #expect(eml.header("Content-Type") == "message/rfc822")
        #expect(eml.header("Content-Disposition") == "attachment; filename=\"\(id).eml\"")
        #expect(eml.text == mail.eml)
        #expect(try herald.get("/v1/messages/msg-00000000-0000-0000-0000-000000000000/eml").status == 404)
        #expect(try herald.get("/v1/messages/..%2Fherald.db/eml").status == 404)
    }
}

/// `POST /v1/messages/{id}/retry`: an operator's resubmission of a failed or unknown message.
@Suite struct RetryRouteTests {
    @Test func aFailedMessageIsQueuedAgainForANewAttemptOfTheSameMessage() async throws {
        // A relay that refuses every connection, one attempt allowed: the message fails at once.
        let herald = try TestHerald.repository(settings: [
            "transport": "smtp", "smtp-url": "smtp://127.0.0.1:1", "retry-max-attempts": "1",
        ])
        defer { herald.stop() }
        let sent = try herald.post("/v1/messages", try SendRequests.body("failed-debit", to: "ana@example.com"))
        let id = try #require(sent.json?["id"] as? String)
        let failed = try await waitForState(herald, id, "failed")
        #expect(failed["attempts"] as? Int == 1)

        let retried = try herald.post("/v1/messages/\(id)/retry", "")
        #expect(retried.status == 202)
        #expect(retried.json?["id"] as? String == id)
        #expect(retried.json?["status"] as? String == "queued")
        let again = try await waitForState(herald, id, "failed", attempts: 2)
        #expect(again["attempts"] as? Int == 2, "a new attempt of the same message")
        #expect((again["lastError"] as? String)?.isEmpty == false)
        let timeline = (again["events"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        #expect(timeline == ["message.accepted", "message.failed", "message.resubmitted", "message.failed"], "the retry is in the timeline")
    }

    @Test func onlyAFailedOrUnknownMessageCanBeRetried() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let sent = try herald.post("/v1/messages", try SendRequests.body("all-paid", to: "bo@example.com"))
        let id = try #require(sent.json?["id"] as? String)
        _ = try await herald.waitForMessage(OutboxFilter(to: "bo@example.com"))
        _ = try await waitForState(herald, id, "sent")
        let refused = try herald.post("/v1/messages/\(id)/retry", "")
        #expect(refused.status == 409)
        #expect(refused.errorCode == "not_retryable")
        #expect((refused.json?["error"] as? [String: Any])?["id"] as? String == id)
        #expect(try herald.post("/v1/messages/msg-00000000-0000-0000-0000-000000000000/retry", "").status == 404)
        #expect(try herald.outbox.messages().count == 1, "nothing sent again")
    }

    /// The message's status once it is `state` (with at least `attempts`), polled within 30 s.
    private func waitForState(_ herald: TestHerald, _ id: String, _ state: String, attempts: Int = 1) async throws -> [String: Any] {
        var latest: [String: Any] = [:]
        let reached = try await waitUntil(timeout: 30) {
            latest = try herald.get("/v1/messages/\(id)").json ?? [:]
            return latest["status"] as? String == state && (latest["attempts"] as? Int ?? 0) >= attempts
        }
        #expect(reached, "\(id) never reached \(state) (attempts ≥ \(attempts)): \(latest)")
        return latest
    }
}
