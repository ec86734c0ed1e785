import Foundation
import HeraldTesting
import TestSupport
import Testing

/// The timeline of `GET /v1/messages/{id}`, `GET /v1/events?after=&limit=` and
/// `POST /v1/events/{id}/replay`, through the whole service in process.
@Suite struct EventRoutesTests {
    @Test func aMessageShowsItsTimelineAndEventsPageInOrderWithACursor() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        var ids: [String] = []
        for recipient in ["ana@example.com", "bo@example.com", "cy@example.com"] {
            let sent = try herald.post("/v1/messages", try SendRequests.body("all-paid", to: recipient))
            ids.append(try #require(sent.json?["id"] as? String))
        }
        for id in ids {
            var latest: [String: Any] = [:]
            let sent = try await waitUntil(timeout: 30) {
                latest = try herald.get("/v1/messages/\(id)").json ?? [:]
                return (latest["events"] as? [[String: Any]])?.count == 2
            }
            #expect(sent, "\(id) has no sent event: \(latest)")
            let timeline = try #require(latest["events"] as? [[String: Any]])
            #expect(timeline.compactMap { $0["type"] as? String } == ["message.accepted", "message.sent"])
            #expect(timeline.allSatisfy { $0["messageId"] as? String == id && ($0["id"] as? String)?.hasPrefix("evt_") == true })
            #expect((timeline.last?["data"] as? [String: Any])?["status"] as? String == "sent")
        }

        var seen: [[String: Any]] = []
        var after = "0"
        for _ in 0..<10 {
            let page = try herald.get("/v1/events?after=\(after)&limit=4")
            #expect(page.status == 200)
            let events = try #require(page.json?["events"] as? [[String: Any]])
            let next = try #require(page.json?["nextAfter"] as? Int)
            if events.isEmpty {
                #expect(String(next) == after, "an empty page keeps the cursor")
                break
            }
            seen += events
            after = String(next)
        }
        #expect(seen.count == 6)
        let sequences = seen.compactMap { $0["sequence"] as? Int }
        #expect(sequences == sequences.sorted() && Set(sequences).count == 6)
        let first = try #require(seen.first?["id"] as? String)
        let afterFirst = try #require(try herald.get("/v1/events?after=\(first)").json?["events"] as? [[String: Any]])
        #expect(afterFirst.count == 5, "after= also takes an event id")

        #expect(try herald.get("/v1/events?after=yesterday").errorCode == "invalid_request")
        #expect(try herald.get("/v1/events?limit=0").status == 400)
        #expect(try herald.get("/v1/events?limit=1001").status == 400)
        #expect(try herald.get("/v1/events?after=evt_00000000000000000000000000000000").status == 404)
    }

    @Test func anEventCanBeReplayedAndAnUnknownOneIsNotFound() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let sent = try herald.post("/v1/messages", try SendRequests.body("all-paid", to: "dee@example.com"))
        let id = try #require(sent.json?["id"] as? String)
        let events = try #require(try herald.get("/v1/messages/\(id)").json?["events"] as? [[String: Any]])
        let accepted = try #require(events.first?["id"] as? String)
        let replayed = try herald.post("/v1/events/\(accepted)/replay", "")
        #expect(replayed.status == 202)
        #expect(replayed.json?["id"] as? String == accepted && replayed.json?["type"] as? String == "message.accepted")
        #expect(try herald.post("/v1/events/evt_00000000000000000000000000000000/replay", "").status == 404)
    }
}
