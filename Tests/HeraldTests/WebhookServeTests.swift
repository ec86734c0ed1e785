import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Webhooks end to end (README "Webhooks"): the real `herald serve` binary POSTs its events to a
/// Python endpoint on 127.0.0.1 that verifies each request with the `standardwebhooks` library and
/// answers 500 twice, then 200, for each event id. Herald is SIGKILLed while a request is in flight
/// and restarted on the same store; every event still arrives, verified, with one 200 per id. On
/// PostgreSQL, two instances share the deliveries and both are killed.
@Suite struct WebhookServeTests {
    @Test func everyEventArrivesVerifiedWithOne200PerIdAcrossASIGKILL() throws {
        let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }).base64EncodedString()
        let secret = "whsec_" + key
        // The fifth request is never answered: Herald is killed while it waits for it.
        let receiver = try WebhookReceiver(secret: secret, holdAfter: 4)
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
        let held = waitUntil(timeout: 120) { receiver.heldCount == 1 }
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
        #expect(receiver.answeredIDs == Set(expected), "no other event id was sent")
        let logs = firstLog + second.logLines
        #expect(logs.contains { $0.contains("\"event\":\"webhook_delivered\"") })
        #expect(!logs.contains { $0.contains(key) || $0.contains("not-logged") }, "neither the key nor the URL's query is logged")
    }

    @Test func instancesOnOnePostgreSQLShareTheDeliveriesAndSurviveBeingKilled() async throws {
        try await PostgresServer.withShared { server in
            let key = Data((0..<32).map { UInt8(truncatingIfNeeded: $0 &* 53 &+ 7) }).base64EncodedString()
            let secret = "whsec_" + key
            // Two requests are held unanswered: each instance's dispatcher ends up blocked in one.
            let receiver = try WebhookReceiver(secret: secret, holdAfter: 6, held: 2)
            defer { receiver.stop() }
            let database = try server.createDatabase()
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("herald-webhooks-pg-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let environment = [
                "HERALD_STORE": server.uri(database: database), "HERALD_OUTBOX": folder.appendingPathComponent("outbox.jsonl").path,
                "HERALD_STORE_LEASE": "1",
                "HERALD_WEBHOOK_URL": "http://127.0.0.1:\(receiver.port)/hooks", "HERALD_WEBHOOK_SECRET": secret,
                "HERALD_WEBHOOK_EVENTS": "message.accepted,message.sent", "HERALD_WEBHOOK_RETRY_SCHEDULE": "0.2",
                "HERALD_WEBHOOK_TIMEOUT": "20",
            ]
            let instances = [try HeraldProcess(environment: environment), try HeraldProcess(environment: environment)]
            var ids: [String] = []
            for index in 0..<6 {
                let accepted = try HTTPClient(port: instances[index % 2].port)
                    .post("/v1/messages", try SendRequests.body("all-paid", to: "member-\(index)@example.com"))
                #expect(accepted.status == 202)
                ids.append(try #require(accepted.json?["id"] as? String))
            }
            let held = waitUntil(timeout: 120) { receiver.heldCount == 2 }
            #expect(held, "both dispatchers did not reach the hold: \(receiver.lines)")
            for instance in instances { #expect(instance.stop(signal: SIGKILL) != 0) }

            let survivors = [try HeraldProcess(environment: environment), try HeraldProcess(environment: environment)]
            defer { for survivor in survivors { survivor.stop() } }
            let client = HTTPClient(port: survivors[0].port)
            // A delivery the kill interrupted adds a `message.retrying`, which is not subscribed.
            let subscribed: Set<String> = ["message.accepted", "message.sent"]
            var expected: [String] = []
            var unsubscribed: [String] = []
            let delivered = try waitUntil(timeout: 240) {
                let page = try client.get("/v1/events?limit=100").json?["events"] as? [[String: Any]] ?? []
                expected = page.filter { subscribed.contains($0["type"] as? String ?? "") }.compactMap { $0["id"] as? String }
                unsubscribed = page.compactMap { $0["type"] as? String }.filter { !subscribed.contains($0) }
                return expected.count == 12 && expected.allSatisfy { receiver.answers(200, id: $0) >= 1 }
            }
            #expect(delivered, "not every event was answered 200: events \(expected), receiver \(receiver.lines)")
            #expect(unsubscribed.allSatisfy { $0 == "message.retrying" }, "only an interrupted delivery adds an event: \(unsubscribed)")
            #expect(!receiver.lines.contains { $0.hasPrefix("INVALID") }, "every request verifies")
            for id in expected {
                #expect(receiver.answers(200, id: id) == 1, "\(id) was answered 200 once: one sender at a time")
                #expect(receiver.answers(500, id: id) == 2, "\(id) was retried after each 500")
            }
            #expect(receiver.answeredIDs == Set(expected))
            let logs = survivors.flatMap(\.logLines)
            #expect(!logs.contains { $0.contains(key) })
        }
    }
}
