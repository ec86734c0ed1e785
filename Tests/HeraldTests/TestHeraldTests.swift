import Foundation
import HeraldTesting
import Messages
import Testing
import TestSupport

/// The in-process harness as a caller's test uses it: `import HeraldTesting` (and Messages, for a
/// typed context) is all it takes; no Herald, Delivery or HTTPServer type appears.
@Suite struct TestHeraldTests {
    static let settings: TestHerald.Settings = [
        "templates": HeraldBinary.repositoryRoot.appendingPathComponent("Templates").path, "api-token": "caller-secret",
    ]

    @Test func theRouterModeSendsThroughThePipelineAndTheOutboxHasTheMail() async throws {
        let directory = try await TestHerald.test(.router, settings: Self.settings) { herald in
            #expect(herald.port == nil, "no socket in router mode")
            let body = try SendRequests.body("installment-paid", to: "caller@example.com", key: "caller-1")
            #expect(try herald.post("/v1/messages", body).status == 401, "the token setting reached the pipeline")
            let sent = try herald.post("/v1/messages", body, headers: [("Authorization", "Bearer caller-secret")])
            #expect(sent.status == 202, "\(sent.text)")
            let mail = try await herald.waitForMessage(OutboxFilter(to: "caller@example.com", key: "caller-1"))
            #expect(mail.id == sent.json?["id"] as? String)
            #expect(try mail.decodeContext(InstallmentPaidContext.self).installmentNumber == 1)
            #expect(herald.logLines.contains { $0.contains("\"event\":\"request\"") && $0.contains("\"status\":202") })
            #expect(!herald.logLines.joined().contains("caller-secret"))
            #expect(FileManager.default.fileExists(atPath: herald.directory.path))
            return herald.directory
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path), "the run's store and outbox are removed at the end")
    }

    @Test func theLiveModeServesOnAnEphemeralLoopbackPort() async throws {
        try await TestHerald.test(.live, settings: Self.settings) { herald in
            let port = try #require(herald.port)
            #expect(port > 0)
            let health = try herald.get("/healthz")
            #expect(health.status == 200)
            #expect(health.header("Content-Length") == String(health.body.count), "the server frames the answer")
            let raw = try RawClient(port: port)
            raw.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(raw.readResponse()?.status == 200, "any client reaches it on 127.0.0.1")
        }
    }

    @Test func settingsAreCheckedAsServeChecksThem() {
        #expect(throws: TestHeraldError.self) { try TestHerald(settings: ["api-tokn": "typo"]) }
        do {
            _ = try TestHerald(settings: ["api-tokn": "typo"])
        } catch {
            #expect(error.description == "no such setting: api-tokn")
        }
        #expect(throws: TestHeraldError.self) { try TestHerald(settings: ["spool-capacity": "none", "templates": "/nowhere"]) }
    }

    @Test func waitingForAMessageThatNeverComesTimesOut() async throws {
        let herald = try TestHerald(settings: Self.settings)
        defer { herald.stop() }
        await #expect(throws: TestOutboxError.self) {
            try await herald.outbox.waitForMessage(timeout: .milliseconds(200)) { $0.subject.contains("never") }
        }
    }
}
