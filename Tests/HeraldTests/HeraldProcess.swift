import Foundation
import Locking
#if canImport(Glibc)
import Glibc
#endif

/// The real `herald serve` binary, started by a test on a free loopback port (`--listen
/// 127.0.0.1:0`; the port is read back from the startup log line) in a temporary directory,
/// and stopped by its PID only.
final class HeraldProcess: Sendable {
    enum LaunchError: Error, CustomStringConvertible {
        case binaryMissing(String)
        case didNotStart(String)
        var description: String {
            switch self {
            case .binaryMissing(let path): "no herald binary at \(path): build the package first"
            case .didNotStart(let log): "herald serve did not start:\n\(log)"
            }
        }
    }

    let port: Int
    let directory: URL
    let pid: Int32
    private let process: Process
    private let output = LineBuffer()
    private let readerDone = DispatchSemaphore(value: 0)

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("herald")
    }

    /// The binary next to the test bundle, else the debug build of the repository.
    static func executable() throws -> URL {
        if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        let fallback = repositoryRoot.appendingPathComponent(".build/debug/herald")
        guard FileManager.default.isExecutableFile(atPath: fallback.path) else { throw LaunchError.binaryMissing(binary.path) }
        return fallback
    }

    /// The clean environment every `herald` a test starts gets, with the repository's templates and previews.
    static func environment(adding extra: [String: String]) -> [String: String] {
        var env = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                   "HERALD_TEMPLATES": repositoryRoot.appendingPathComponent("Templates").path,
                   "HERALD_PREVIEWS_DIR": repositoryRoot.appendingPathComponent("Previews").path]
        // The sanitizer settings of `make test-asan` / `make test-tsan` apply to the binary too.
        for name in ["ASAN_OPTIONS", "TSAN_OPTIONS"] { env[name] = ProcessInfo.processInfo.environment[name] }
        env.merge(extra) { $1 }
        return env
    }

    /// Starts `herald serve` with `environment` added to a clean one and `arguments` after `serve`.
    init(environment: [String: String] = [:], arguments: [String] = [], directory: URL? = nil) throws {
        let executable = try Self.executable()
        let directory = directory ?? FileManager.default.temporaryDirectory.appendingPathComponent("herald-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory

        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--listen", "127.0.0.1:0"] + arguments
        process.currentDirectoryURL = directory
        process.environment = Self.environment(adding: environment)
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        self.process = process
        pid = process.processIdentifier

        let output = self.output
        let started = DispatchSemaphore(value: 0)
        let portBox = LineBuffer()
        let handle = pipe.fileHandleForReading
        let done = readerDone
        Thread.detachNewThread {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 10) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    output.append(line)
                    if line.contains("\"event\":\"started\""), HeraldProcess.port(in: line) != nil {
                        portBox.append(line)
                        started.signal()
                    }
                }
            }
            started.signal()
            done.signal()
        }
        _ = started.wait(timeout: .now() + 20)
        guard let line = portBox.lines.first, let port = Self.port(in: line) else {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            throw LaunchError.didNotStart(output.lines.joined(separator: "\n"))
        }
        self.port = port
    }

    /// What a `herald` command run to completion printed.
    struct CommandResult {
        var status: Int32
        var output: String
        var errors: String
        /// stdout as one JSON object (`herald send` prints one), else empty.
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]) ?? [:] }
    }

    /// Runs `herald <arguments>` (another command than `serve`) in `directory` with `environment`
    /// added to the clean one, to completion or `timeout`, after which it is killed by its PID.
    static func command(_ arguments: [String], in directory: URL, environment: [String: String] = [:], timeout: TimeInterval = 60) throws -> CommandResult {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = Self.environment(adding: environment)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Both pipes are drained on their own threads, so neither can fill up and block the process.
        let printed = Locked<[Int: Data]>([:])
        let drained = DispatchSemaphore(value: 0)
        for (index, pipe) in [output, errors].enumerated() {
            Thread.detachNewThread {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                printed.withLock { $0[index] = data }
                drained.signal()
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        for _ in 0..<2 { _ = drained.wait(timeout: .now() + 5) }
        let texts = printed.withLock { $0 }.mapValues { String(decoding: $0, as: UTF8.self) }
        return CommandResult(status: process.terminationStatus, output: texts[0] ?? "", errors: texts[1] ?? "")
    }

    /// Every line written to stderr so far.
    var logLines: [String] { output.lines }

    /// The log lines matching `predicate`, once there are at least `count` of them (or after 5 s):
    /// lines reach the test through a pipe, a little after the response they describe.
    func logLines(atLeast count: Int, where predicate: (String) -> Bool) -> [String] {
        for _ in 0..<250 {
            let matching = output.lines.filter(predicate)
            if matching.count >= count { return matching }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return output.lines.filter(predicate)
    }

    /// Sends `signal` (SIGTERM by default) and waits (bounded) for the exit status; SIGKILL if it does not stop.
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 15) -> Int32 {
        if process.isRunning { kill(pid, signal) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
            return -9
        }
        _ = readerDone.wait(timeout: .now() + 2)
        return process.terminationStatus
    }

    deinit {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func port(in line: String) -> Int? {
        guard let range = line.range(of: "\"port\":") else { return nil }
        return Int(line[range.upperBound...].prefix { $0.isNumber })
    }
}

/// Lines collected from another thread.
final class LineBuffer: Sendable {
    private let storage = Locked<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var lines: [String] { storage.withLock { $0 } }
}
