import Foundation
import Messages
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `herald serve` as a process: startup, configuration errors, health, metrics, auth, error bodies,
/// logs, the broken-request corpus, graceful stop.
@Suite(.serialized) struct ServeBasicsTests {
    @Test func startsLogsMaskedConfigurationAndStopsCleanlyOnSIGTERM() throws {
        let herald = try HeraldProcess(environment: [
            "HERALD_API_TOKEN": "tok-secret-1", "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://u:pw-secret-2@127.0.0.1:2525",
        ])
        let client = HTTPClient(port: herald.port)
        #expect(try client.get("/healthz").status == 200)
        #expect(herald.stop() == 0)
        let log = herald.logLines.joined(separator: "\n")
        #expect(!log.contains("tok-secret-1"))
        #expect(!log.contains("pw-secret-2"))
        let started = try #require(herald.logLines.first { $0.contains("\"event\":\"started\"") })
        #expect(started.contains("\"apiToken\":\"***\""))
        #expect(started.contains("smtp://u:***@127.0.0.1:2525"))
        #expect(herald.logLines.contains { $0.contains("\"event\":\"stopped\"") })
    }

    @Test func warnsAtStartupWhileTheSenderIsTheSampleLocalhostAddress() throws {
        let sample = try HeraldProcess()
        #expect(sample.stop() == 0)
        let warning = try #require(sample.logLines.first { $0.contains("\"event\":\"sample_sender\"") })
        #expect(warning.contains("\"level\":\"warning\"") && warning.contains("no-reply@localhost"))

        let branded = try HeraldProcess(environment: ["HERALD_FROM": "Atelier <billing@atelier.example>"])
        #expect(branded.stop() == 0)
        #expect(!branded.logLines.contains { $0.contains("sample_sender") })
    }

    @Test func stopsCleanlyOnSIGINT() throws {
        let herald = try HeraldProcess()
        #expect(try HTTPClient(port: herald.port).get("/healthz").status == 200)
        #expect(herald.stop(signal: SIGINT) == 0)
        #expect(herald.logLines.contains { $0.contains("\"event\":\"stopped\"") })
    }

    @Test func aPortInUseIsAClearStartupError() throws {
        let first = try HeraldProcess()
        defer { first.stop() }
        let process = Process()
        process.executableURL = HeraldProcess.binary
        process.arguments = ["serve", "--listen", "127.0.0.1:\(first.port)", "--store", first.directory.appendingPathComponent("other.db").path,
                             "--templates", HeraldProcess.repositoryRoot.appendingPathComponent("Templates").path]
        process.currentDirectoryURL = first.directory
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        // Read before waiting: a child that writes more than the pipe holds would block forever.
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text.contains("cannot listen: bind 127.0.0.1:\(first.port) failed: Address already in use"))
    }

    @Test func invalidConfigurationIsAClearErrorAndExitStatus78() throws {
        let process = Process()
        process.executableURL = HeraldProcess.binary
        process.arguments = ["serve", "--listen", "somewhere", "--transport", "pigeon"]
        let pipe = Pipe()
        process.standardError = pipe
        try process.run()
        // Read before waiting: a child that writes more than the pipe holds would block forever.
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 78)
        #expect(text.contains("HERALD_LISTEN (--listen)"))
        #expect(text.contains("HERALD_TRANSPORT (--transport): expected outbox or smtp, got \"pigeon\""))
    }

    @Test func healthMetricsAndOneLogLinePerRequest() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let health = try client.get("/healthz")
        #expect(health.status == 200)
        #expect(health.json?["status"] as? String == "ok")
        #expect(try client.send("HEAD", "/healthz").body.isEmpty)
        let metrics = try client.get("/metrics")
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.text.contains("herald_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"))
        #expect(metrics.text.contains("# TYPE herald_http_request_duration_seconds histogram"))
        let requestLines = herald.logLines(atLeast: 2) { $0.contains("\"event\":\"request\"") }
        #expect(requestLines.count >= 2)
        let line = try #require(requestLines.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(json["method"] as? String == "GET")
        #expect(json["path"] as? String == "/healthz")
        #expect(json["status"] as? Int == 200)
        #expect(json["durationMs"] is Double || json["durationMs"] is Int)
    }

    @Test func bearerAuthGuardsV1Only() throws {
        let herald = try HeraldProcess(environment: ["HERALD_API_TOKEN": "let-me-in"])
        defer { herald.stop() }
        var client = HTTPClient(port: herald.port)
        let denied = try client.get("/v1/templates")
        #expect(denied.status == 401)
        #expect(denied.errorCode == "unauthorized")
        #expect(denied.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        client.token = "let-me-in-not"
        #expect(try client.get("/v1/templates").status == 401)
        client.token = nil
        #expect(try client.get("/healthz").status == 200)
        client.token = "let-me-in"
        #expect(try client.get("/v1/templates").status != 401)
    }

    @Test func unknownRoutesAndMethodsAnswerTheErrorBody() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
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

    /// The broken-request corpus against the real binary: each gets its status and JSON error body,
    /// the connection is closed, and the server still answers afterwards.
    @Test func brokenRequestCorpusThenANormalRequest() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
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
            let client = try RawClient(port: herald.port)
            client.send(request)
            let response = client.readResponse()
            #expect(response?.status == status, "\(request.prefix(60).debugDescription)")
            let json = response.flatMap { try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] }
            #expect((json?["error"] as? [String: Any])?["code"] as? String == code, "\(request.prefix(60).debugDescription)")
            #expect(client.isClosedByServer())
        }
        for _ in 0..<20 {
            let client = try RawClient(port: herald.port)
            client.send("POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"partial")
        }
        #expect(try HTTPClient(port: herald.port).get("/healthz").status == 200)
    }
}
