import Foundation
import HTTPServer
import Testing
@testable import Herald

@Suite struct ServicePiecesTests {
    @Test func errorBodyHasTheDesignedShapeAndCapsFields() throws {
        let fields = (0..<250).map { APIError.Field(path: "context.schedule[\($0)].amount", problem: "expected a string") }
        let error = APIError(.badRequest, code: "invalid_context", message: "the context does not \"decode\"", fields: fields)
        let response = error.response
        #expect(response.status == .badRequest)
        #expect(response.headers["Content-Type"] == "application/json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let body = try #require(json["error"] as? [String: Any])
        #expect(body["code"] as? String == "invalid_context")
        #expect(body["message"] as? String == "the context does not \"decode\"")
        let entries = try #require(body["fields"] as? [[String: String]])
        #expect(entries.count == 100)
        #expect(entries[1] == ["path": "context.schedule[1].amount", "problem": "expected a string"])
    }

    @Test func bearerTokensCompareExactly() throws {
        let auth = BearerAuthenticator(token: "s3cret-token")
        func request(_ authorization: String?) throws -> ServerRequest {
            var text = "GET /v1/templates HTTP/1.1\r\nHost: x\r\n"
            if let authorization { text += "Authorization: \(authorization)\r\n" }
            guard case .request(let request, _) = RequestParser().parseRequest(Array((text + "\r\n").utf8)) else {
                throw APIError.notFound("unparsable")
            }
            return request
        }
        #expect(auth.isAuthorized(try request("Bearer s3cret-token")))
        #expect(auth.isAuthorized(try request("bearer s3cret-token")))
        #expect(!auth.isAuthorized(try request(nil)))
        #expect(!auth.isAuthorized(try request("Bearer s3cret-toke")))
        #expect(!auth.isAuthorized(try request("Bearer s3cret-token2")))
        #expect(!auth.isAuthorized(try request("Basic s3cret-token")))
        #expect(!auth.isAuthorized(try request("Bearer ")))
        #expect(!BearerAuthenticator.constantTimeEquals([], Array("a".utf8)))
    }

    @Test func metricsRenderInPrometheusTextFormat() {
        let metrics = MetricsRegistry()
        metrics.describe("herald_http_requests_total", help: "Requests by route and status.", type: "counter")
        metrics.describe("herald_http_request_duration_seconds", help: "Latency.", type: "histogram")
        metrics.increment("herald_http_requests_total", [("route", "/v1/messages"), ("status", "202")])
        metrics.increment("herald_http_requests_total", [("route", "/v1/messages"), ("status", "202")])
        metrics.observe("herald_http_request_duration_seconds", [("route", "/v1/messages")], 0.003)
        metrics.collect("herald_spool_depth", help: "Messages waiting.") { [([], 7)] }
        let text = metrics.exposition()
        #expect(text.contains("# TYPE herald_http_requests_total counter\n"))
        #expect(text.contains("herald_http_requests_total{route=\"/v1/messages\",status=\"202\"} 2\n"))
        #expect(text.contains("herald_http_request_duration_seconds_bucket{route=\"/v1/messages\",le=\"0.0025\"} 0\n"))
        #expect(text.contains("herald_http_request_duration_seconds_bucket{route=\"/v1/messages\",le=\"0.005\"} 1\n"))
        #expect(text.contains("herald_http_request_duration_seconds_bucket{route=\"/v1/messages\",le=\"+Inf\"} 1\n"))
        #expect(text.contains("herald_http_request_duration_seconds_count{route=\"/v1/messages\"} 1\n"))
        #expect(text.contains("# TYPE herald_spool_depth gauge\nherald_spool_depth 7\n"))
    }

    /// Label values are escaped as the exposition format wants (backslash, quote, newline), and a
    /// histogram counts every observation into its buckets and its count.
    @Test func metricsEscapeLabelValuesAndAccumulateHistograms() {
        let metrics = MetricsRegistry()
        metrics.describe("t_total", help: "T.", type: "counter")
        metrics.describe("t_seconds", help: "S.", type: "histogram")
        metrics.increment("t_total", [("path", "a\"b\\c\nd"), ("plain", "é")])
        for value in [0.0005, 0.003, 20] { metrics.observe("t_seconds", [("route", "/r")], value) }
        let text = metrics.exposition()
        #expect(text.contains(#"t_total{path="a\"b\\c\nd",plain="é"} 1"# + "\n"))
        #expect(text.contains("t_seconds_bucket{route=\"/r\",le=\"0.001\"} 1\n"))
        #expect(text.contains("t_seconds_bucket{route=\"/r\",le=\"0.005\"} 2\n"))
        #expect(text.contains("t_seconds_bucket{route=\"/r\",le=\"10\"} 2\n"))
        #expect(text.contains("t_seconds_bucket{route=\"/r\",le=\"+Inf\"} 3\n"))
        #expect(text.contains("t_seconds_count{route=\"/r\"} 3\n"))
    }
}
