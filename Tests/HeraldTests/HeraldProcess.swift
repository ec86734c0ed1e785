import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The real `herald serve` binary, for the end-to-end tests the in-process `TestHerald` cannot
/// stand in for (startup, signals, secret files, SMTP, logs on stderr): started on a free loopback
/// port (`--listen 127.0.0.1:0`; the port is read back from the `started` log line) in a temporary
/// directory, through `ChildProcess`, so it is stopped by its PID only.
final class HeraldProcess: Sendable {
    enum LaunchError: Error, CustomStringConvertible {
        case didNotStart(String)
        var description: String {
            switch self {
            case .didNotStart(let log): "herald serve did not start:\n\(log)"
            }
        }
    }

    let port: Int
    let directory: URL
    private let child: ChildProcess

    var pid: Int32 { child.pid }

    /// Starts `herald serve` with the repository's templates and previews and `environment` added
    /// to a clean environment, and `arguments` after `serve`.
    init(environment: [String: String] = [:], arguments: [String] = [], directory: URL? = nil) throws {
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("herald-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory
        child = try ChildProcess(
            try HeraldBinary.executable(), arguments: ["serve", "--listen", "127.0.0.1:0"] + arguments, directory: directory,
            environment: HeraldBinary.environment(adding: HeraldBinary.repositoryContent.merging(environment) { $1 }))
        var found: Int?
        child.waitForOutput(timeout: 20) { _, stderr in
            found = stderr.split(separator: "\n").lazy.filter { $0.contains("\"event\":\"started\"") }.compactMap(Self.port(in:)).first
            return found != nil
        }
        guard let found else {
            let log = child.stderr
            child.stop(signal: SIGKILL)
            throw LaunchError.didNotStart(log)
        }
        port = found
    }

    /// Every complete line written to stderr so far.
    var logLines: [String] { child.stderrLines }

    /// The log lines matching `predicate`, once there are at least `count` of them (or after 5 s):
    /// lines reach the test through a pipe, a little after the response they describe.
    func logLines(atLeast count: Int, where predicate: (String) -> Bool) -> [String] {
        waitUntil(timeout: 5) { logLines.filter(predicate).count >= count }
        return logLines.filter(predicate)
    }

    /// Sends `signal` (SIGTERM by default) and waits (bounded) for the exit status; SIGKILL if it does not stop.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 15) -> Int32 {
        child.stop(signal: signal, timeout: timeout)
    }

    /// Runs `herald <arguments>` (another command than `serve`) in `directory` with the repository's
    /// templates and previews and `environment` added to the clean environment.
    static func command(_ arguments: [String], in directory: URL, environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> ChildProcess.Result {
        try HeraldBinary.run(arguments, in: directory, environment: HeraldBinary.repositoryContent.merging(environment) { $1 }, timeout: timeout)
    }

    deinit {
        child.stop(signal: SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    private static func port(in line: Substring) -> Int? {
        guard let range = line.range(of: "\"port\":") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}
