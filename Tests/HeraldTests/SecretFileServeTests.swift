import Foundation
import Testing

/// `herald serve` with its API token in a file: the token works, and it is neither on the command line
/// (`ps`, /proc/PID/cmdline) nor in the log.
@Suite struct SecretFileServeTests {
    @Test func apiTokenFromAFileGuardsTheAPIAndStaysOutOfPsAndTheLog() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let tokenFile = directory.appendingPathComponent("token")
        try Data("tok-9f2c41\n".utf8).write(to: tokenFile)

        let herald = try HeraldProcess(arguments: ["--api-token-file", tokenFile.path])
        defer { herald.stop() }
        var client = HTTPClient(port: herald.port)
        #expect(try client.get("/v1/templates").status == 401)
        client.token = "tok-9f2c41"
        #expect(try client.get("/v1/templates").status == 200)

        let commandLine = String(decoding: try Data(contentsOf: URL(fileURLWithPath: "/proc/\(herald.pid)/cmdline")), as: UTF8.self)
        #expect(commandLine.contains(tokenFile.path))
        #expect(!commandLine.contains("tok-9f2c41"))
        let started = try #require(herald.logLines.first { $0.contains("\"event\":\"started\"") })
        #expect(started.contains("\"apiToken\":\"***\""))
        #expect(!herald.logLines.joined().contains("tok-9f2c41"))
    }

    @Test func anUnusableTokenFileStopsServeWithTheSettingNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("none").path
        let result = try HeraldProcess.command(["serve", "--listen", "127.0.0.1:0"], in: directory,
                                               environment: ["HERALD_API_TOKEN_FILE": missing], timeout: 20)
        #expect(result.status == 78, "herald serve started without its token file, or failed otherwise")
        let text = result.stderr
        #expect(text.contains("HERALD_API_TOKEN_FILE (--api-token-file): no file at \(missing)"), "\(text)")
    }
}
