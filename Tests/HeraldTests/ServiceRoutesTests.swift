import Messages
import Foundation
import HeraldTesting
import TestSupport
import Testing

/// Health, metrics, auth, unknown routes and the request log line, through the whole service in
/// process; the broken-request corpus over a live socket, where the server's parser meets it.
@Suite struct ServiceRoutesTests {
    @Test func healthMetricsAndOneLogLinePerRequest() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let health = try client.get("/healthz")
        #expect(health.status == 200)
        #expect(health.json?["status"] as? String == "ok")
        #expect(try client.send("HEAD", "/healthz").body.isEmpty)
        let metrics = try client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.text.contains("herald_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"))
        #expect(metrics.text.contains("# TYPE herald_http_request_duration_seconds histogram"))
        let requestLines = herald.logLines.filter { $0.contains("\"event\":\"request\"") }
        #expect(requestLines.count >= 2)
        let line = try #require(requestLines.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(json["method"] as? String == "GET")
        #expect(json["path"] as? String == "/healthz")
        #expect(json["status"] as? Int == 200)
        #expect(json["durationMs"] is Double || json["durationMs"] is Int)
    }

    @Test func bearerAuthGuardsV1Only() throws {
        let herald = try TestHerald.repository(settings: ["api-token": "let-me-in"])
        defer { herald.stop() }
        let denied = try herald.get("/v1/templates")
        #expect(denied.status == 401)
        #expect(denied.errorCode == "unauthorized")
        #expect(denied.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try herald.get("/v1/templates", headers: [("Authorization", "Bearer let-me-in-not")]).status == 401)
        #expect(try herald.get("/healthz").status == 200)
        #expect(try herald.get("/v1/templates", headers: [("Authorization", "Bearer let-me-in")]).status == 200)
    }

    @Test func unknownRoutesAndMethodsAnswerTheErrorBody() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let missing = try client.get("/nope")
        #expect(missing.status == 404)
        #expect(missing.errorCode == "not_found")
        let wrongMethod = try client.send("PUT", "/healthz", body: "{}")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.errorCode == "method_not_allowed")
        #expect(wrongMethod.header("Allow")?.contains("GET") == true)
        #expect(try client.get("/previews/..%2F..%2Fetc%2Fpasswd").status == 404)
        #expect(try client.get("/previews/%2E%2E/x").status == 404)
    }

    /// The broken-request corpus against the live server: each gets its status and Herald's JSON
    /// error body, the connection is closed, and the server still answers afterwards.
    @Test func brokenRequestCorpusThenANormalRequest() throws {
        let herald = try TestHerald.repository(.live)
        defer { herald.stop() }
        let port = try #require(herald.port)
        let corpus: [(String, Int, String)] = [
            ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, "http_version_not_supported"),
            ("GET / HTTP/1.1\r\n\r\n", 400, "bad_request"),
            ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "bad_request"),
            ("BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 501, "not_implemented"),
            ("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello", 400, "bad_request"),
            ("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 400, "bad_request"),
            ("POST /v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc", 400, "bad_request"),
            ("POST /v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 411, "length_required"),
            ("POST /v1/messages HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "not_implemented"),
            ("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: \(AttachmentLimits.maximumRequestBytes + 1)\r\n\r\n", 413, "body_too_large"),
            ("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "y", count: 17_000) + "\r\n\r\n", 431, "headers_too_large"),
            ("GET / HTTP/1.1\r\nHost: x\r\n" + (0..<101).map { "H\($0): v\r\n" }.joined() + "\r\n", 431, "headers_too_large"),
            ("GET /\u{0}x HTTP/1.1\r\nHost: x\r\n\r\n", 400, "bad_request"),
            ("GET /\r\n\r\n", 400, "bad_request"),
        ]
        for (request, status, code) in corpus {
            let client = try RawClient(port: port)
            client.send(request)
            let response = client.readResponse()
            #expect(response?.status == status, "\(request.prefix(60).debugDescription)")
            let json = response.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] }
            #expect((json?["error"] as? [String: Any])?["code"] as? String == code, "\(request.prefix(60).debugDescription)")
            #expect(client.isClosedByServer())
        }
        for _ in 0..<20 {
            let client = try RawClient(port: port)
            client.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"partial")
        }
        #expect(try herald.get("/healthz").status == 200)
    }
}
