import Foundation
import HeraldTesting
import TestSupport
import Testing

/// `GET /v1/messages`: search and cursors through the whole service in process, and every bad
/// parameter a clear `400` (or `422`) naming it.
@Suite struct MessageSearchRouteTests {
    private func page(_ herald: TestHerald, _ path: String) throws -> (ids: [String], statuses: [String], next: String?) {
        let response = try herald.get(path)
        #expect(response.status == 200, "\(path): \(String(decoding: response.body, as: UTF8.self))")
        let messages = try #require(response.json?["messages"] as? [[String: Any]])
        return (messages.compactMap { $0["id"] as? String }, messages.compactMap { $0["status"] as? String }, response.json?["nextCursor"] as? String)
    }

    /// Every page of `path` (which has a query), following `nextCursor`.
    private func allPages(_ herald: TestHerald, _ path: String) throws -> [String] {
        var ids: [String] = []
        var next: String? = nil
        for _ in 0..<100 {
            let answer = try page(herald, path + (next.map { "&cursor=" + $0 } ?? ""))
            ids += answer.ids
            guard let cursor = answer.next else { return ids }
            next = cursor
        }
        Issue.record("more than 100 pages")
        return ids
    }

    @Test func searchesPageThroughExactlyTheMatchingMessagesNewestFirst() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        var sent: [(id: String, kind: String, to: String, key: String)] = []
        for round in 0..<3 {
            let requests = try (0..<40).map { index -> (String, String, String, String) in
                let number = round * 40 + index
                let kind = number % 2 == 0 ? "installment-paid" : "all-paid"
                let to = "Member-\(number % 6)@Example.com", key = "order-\(number % 12)/\(kind)-\(number)"
                return (try SendRequests.body(kind, to: to, key: key), kind, to, key)
            }
            let response = try herald.post("/v1/messages/batch", "{\"messages\":[" + requests.map(\.0).joined(separator: ",") + "]}")
            let items = try #require(response.json?["results"] as? [[String: Any]])
            for (item, request) in zip(items, requests) {
                let id = try #require((item["body"] as? [String: Any])?["id"] as? String)
                sent.append((id, request.1, request.2.lowercased(), request.3))
            }
        }
        #expect(try await herald.waitUntilSpoolIsEmpty(timeout: 60))
        // Each batch shares one creation time, so the newest batch comes first and, within a batch, ids descend.
        let newestFirst = sent.enumerated().sorted { ($0.offset / 40, $0.element.id) > ($1.offset / 40, $1.element.id) }.map(\.element)
        #expect(try allPages(herald, "/v1/messages?limit=7") == newestFirst.map(\.id))
        #expect(try allPages(herald, "/v1/messages?message=all-paid&limit=11") == newestFirst.filter { $0.kind == "all-paid" }.map(\.id))
        #expect(try allPages(herald, "/v1/messages?to=MEMBER-3%40example.com&limit=5") == newestFirst.filter { $0.to == "member-3@example.com" }.map(\.id))
        #expect(try allPages(herald, "/v1/messages?keyPrefix=order-1%2F&status=sent") == newestFirst.filter { $0.key.hasPrefix("order-1/") }.map(\.id))
        #expect(try allPages(herald, "/v1/messages?status=failed,unknown").isEmpty)
        let one = try #require(sent.last)
        let byKey = try page(herald, "/v1/messages?key=" + (one.key.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        #expect(byKey.ids == [one.id] && byKey.statuses == ["sent"] && byKey.next == nil)
        let controls = try page(herald, "/v1/messages?key=a%0Ab&to=%C2%9F")
        #expect(controls.ids.isEmpty, "text no message can have is a search that finds nothing")
        let future = try page(herald, "/v1/messages?createdAfter=2100-01-01T00:00:00Z")
        #expect(future.ids.isEmpty && future.next == nil)
        let past = try allPages(herald, "/v1/messages?createdBefore=2100-01-01T00:00:00Z&createdAfter=2000-01-01T00:00:00.5Z&limit=500")
        #expect(past == newestFirst.map(\.id))
    }

    @Test func everyBadParameterIsA400NamingIt() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let cases: [(String, [String])] = [
            ("state=failed", ["state"]),
            ("status=sent,bogus", ["status"]),
            ("status=", ["status"]),
            ("limit=0", ["limit"]),
            ("limit=501", ["limit"]),
            ("limit=ten", ["limit"]),
            ("cursor=a%2Bb%3D", ["cursor"]),
            ("createdAfter=yesterday", ["createdAfter"]),
            ("createdBefore=2026-13-01T00:00:00Z", ["createdBefore"]),
            ("to=", ["to"]),
            ("message=" + String(repeating: "x", count: 201), ["message"]),
            ("key=a%00b", ["key"]),
            ("message=a&message=b", ["message"]),
            ("limit=0&cursor=x&bogus=1", ["bogus", "limit", "cursor"]),
        ]
        for (query, paths) in cases {
            let response = try herald.get("/v1/messages?" + query)
            #expect(response.status == 400, "\(query)")
            #expect(response.errorCode == "invalid_request", "\(query)")
            #expect(Set(response.errorFields.compactMap { $0["path"] }) == Set(paths), "\(query): \(response.errorFields)")
        }
        for (query, path) in [("cursor=not-a-cursor", "cursor"), ("createdAfter=0001-01-01T00:00:00Z", "createdAfter")] {
            let response = try herald.get("/v1/messages?" + query)
            #expect(response.status == 422, "\(query): well-formed, but not a cursor or a time Herald can use")
            #expect(response.errorCode == "unprocessable" && response.errorFields.map { $0["path"] } == [path], "\(query)")
        }
    }
}
