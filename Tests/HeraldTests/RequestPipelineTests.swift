import Foundation
import HTTPServer
import HeraldLogging
import HeraldTesting
import TestSupport
import Testing
@testable import Herald

/// Around every route: one match, metrics by pattern, and one log line whose message id comes from
/// the handler's request context (README "API", logs), never from a response header.
@Suite struct RequestPipelineTests {
    private func request(_ method: HTTPMethod, _ target: String, token: String? = nil) throws -> ServerRequest {
        var text = "\(method.rawValue) \(target) HTTP/1.1\r\nHost: a\r\n"
        if let token { text += "Authorization: Bearer \(token)\r\n" }
        guard case .request(let request, _) = RequestParser().parseRequest(Array((text + "\r\n").utf8)) else {
            throw APIError.notFound("unparsable \(target)")
        }
        return request
    }

    /// The log lines a pipeline wrote, parsed.
    private final class CapturedLog: Sendable {
        private let lines = CollectedLines()
        var logger: HeraldLog { HeraldLog(sink: lines) }
        var objects: [[String: Any]] {
            lines.lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        }
    }

    @Test func theLogLineTakesTheMessageIDFromTheRouteContext() throws {
        var router = RouteTable()
        router.add(.get, "/v1/messages/{id}") { _, context in
            respond(&context) { context throws(APIError) in
                let id = try context.parameter("id")
                guard id != "taken" else {
                    var conflict = APIError(.conflict, code: "too_late", message: "already sent")
                    conflict.existingID = id
                    throw conflict
                }
                context.messageID = id
                return JSONResponse.raw(.ok, "{}")
            }
        }
        router.add(.get, "/v1/broken/{id}") { _, context in
            respond(&context) { context throws(APIError) in JSONResponse.raw(.ok, try context.parameter("name")) }
        }
        let log = CapturedLog()
        let metrics = MetricsRegistry()
        RequestPipeline.describeMetrics(metrics)
        let pipeline = RequestPipeline(router: router, authenticator: BearerAuthenticator(token: "t"), logger: log.logger, metrics: metrics)

        let found = pipeline.handle(try request(.get, "/v1/messages/abc", token: "t"))
        #expect(found.status == .ok)
        #expect(found.headers["X-Herald-Message-Id"] == nil, "the id reaches the log through the context, not a header")
        let conflict = pipeline.handle(try request(.get, "/v1/messages/taken", token: "t"))
        #expect(conflict.status == .conflict)
        #expect(conflict.headers["X-Herald-Message-Id"] == nil)
        let broken = pipeline.handle(try request(.get, "/v1/broken/1", token: "t"))
        #expect(broken.status == .internalServerError, "a parameter the pattern lacks is the server's mistake")
        #expect(String(decoding: broken.body, as: UTF8.self).contains("route /v1/broken/{id} has no path parameter {name}"))
        #expect(pipeline.handle(try request(.post, "/v1/messages/abc", token: "t")).headers["Allow"] == "GET, HEAD")
        #expect(pipeline.handle(try request(.get, "/v1/messages/abc")).status == .unauthorized)
        #expect(pipeline.handle(try request(.get, "/nowhere")).status == .notFound)

        let lines = log.objects.filter { $0["event"] as? String == "request" }
        #expect(lines.map { $0["messageId"] as? String } == ["abc", "taken", nil, nil, nil, nil])
        #expect(lines.map { $0["status"] as? Int } == [200, 409, 500, 405, 401, 404])
        let exposition = metrics.exposition()
        for series in ["route=\"/v1/messages/{id}\",method=\"GET\",status=\"200\"", "route=\"/v1/messages/{id}\",method=\"GET\",status=\"409\"",
                       "route=\"/v1/broken/{id}\",method=\"GET\",status=\"500\"", "route=\"method_not_allowed\",method=\"POST\",status=\"405\"",
                       "route=\"/v1/*\",method=\"GET\",status=\"401\"", "route=\"unmatched\",method=\"GET\",status=\"404\""] {
            #expect(exposition.contains("herald_http_requests_total{\(series)} 1"), "\(series)")
        }
    }

    /// The real routes in the whole service: every request about a message logs its id, no answer
    /// carries an `X-Herald-Message-Id` header.
    @Test func messageRoutesLogTheirMessageWithoutAHeader() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let scheduled = try client.post("/v1/messages", try SendRequests.body("check-in", to: "log@example.com", sendAt: later))
        #expect(scheduled.status == 202)
        let id = try #require(scheduled.json?["id"] as? String)
        let status = try client.get("/v1/messages/\(id)")
        let cancelled = try client.send("DELETE", "/v1/messages/\(id)")
        let again = try client.send("DELETE", "/v1/messages/\(id)")
        let unknown = try client.get("/v1/messages/no-such-id")
        #expect([status.status, cancelled.status, again.status, unknown.status] == [Int]([200, 200, 409, 404]))
        for response in [scheduled, status, cancelled, again, unknown] {
            #expect(response.header("X-Herald-Message-Id") == nil)
        }
        let lines = herald.logLines.filter { $0.contains("\"event\":\"request\"") && $0.contains("\"path\":\"/v1/messages") }
        #expect(lines.count == 5)
        let withID = lines.filter { $0.contains("\"messageId\":\"\(id)\"") }
        #expect(withID.count == 4, "POST, GET, DELETE and the DELETE answered 409 name the message:\n\(lines.joined())")
        #expect(lines.last?.contains("messageId") == false, "a 404 concerns no message")
    }
}
