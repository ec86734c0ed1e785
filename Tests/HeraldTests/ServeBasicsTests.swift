import Foundation
import Messages
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `herald serve` as a process: startup, configuration errors, the startup log, graceful stop on
/// a signal. The routes themselves are tested in process (`ServiceRoutesTests`).
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
        let second = try HeraldProcess.command(
            ["serve", "--listen", "127.0.0.1:\(first.port)", "--store", first.directory.appendingPathComponent("other.db").path],
            in: first.directory, timeout: 20)
        #expect(second.status == 1)
        #expect(second.stderr.contains("cannot listen: bind 127.0.0.1:\(first.port) failed: Address already in use"))
    }

    @Test func invalidConfigurationIsAClearErrorAndExitStatus78() throws {
        let result = try HeraldBinary.run(["serve", "--listen", "somewhere", "--transport", "pigeon"], timeout: 20)
        #expect(result.status == 78)
        #expect(result.stderr.contains("HERALD_LISTEN (--listen)"))
        #expect(result.stderr.contains("HERALD_TRANSPORT (--transport): expected outbox or smtp, got \"pigeon\""))
    }
}
