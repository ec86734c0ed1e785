import Foundation
import Locking
#if canImport(Glibc)
import Glibc
#endif

/// A program a test (or `herald check`, for headless Chromium) starts, with its stdout and stderr
/// captured line by line: Herald's one process runner. It waits for exit or for a condition on what the program printed,
/// always bounded, and signals only the process it started, by its PID.
public final class ChildProcess: Sendable {
    public enum LaunchError: Error, CustomStringConvertible {
        case notExecutable(String)
        case launch(String, String)
        public var description: String {
            switch self {
            case .notExecutable(let path): "no executable at \(path): build the package first"
            case .launch(let path, let detail): "cannot start \(path): \(detail)"
            }
        }
    }

    /// What a program run to completion printed.
    public struct Result: Sendable {
        /// The exit status; `-9` when it was killed for running past its timeout.
        public var status: Int32
        public var stdout: String
        public var stderr: String

        /// stdout as one JSON object (e.g. what `herald send` prints), else empty.
        public var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]) ?? [:] }
    }

    public let pid: Int32
    private let process: Process
    private let output = Locked(Captured())
    private let exited = DispatchSemaphore(value: 0)
    private let drained = DispatchGroup()

    private struct Captured {
        var stdout = Data()
        var stderr = Data()
    }

    /// Starts `executable` with `arguments` in `directory` with exactly `environment` (nil: this
    /// process's environment). `stdin` is written and closed when given; else the child reads EOF.
    public init(
        _ executable: URL, arguments: [String] = [], directory: URL? = nil, environment: [String: String]? = nil,
        stdin: Data? = nil
    ) throws {
        guard FileManager.default.isExecutableFile(atPath: executable.path) else { throw LaunchError.notExecutable(executable.path) }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if let environment { process.environment = environment }
        let stdoutPipe = Pipe()
        let stderrPipe = Pipe()
        let stdinPipe = Pipe()
        process.standardOutput = stdoutPipe
        process.standardError = stderrPipe
        process.standardInput = stdinPipe
        let exited = self.exited
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            throw LaunchError.launch(executable.path, "\(error)")
        }
        self.process = process
        pid = process.processIdentifier
        // Each pipe is drained on its own thread, so neither can fill up and block the child.
        for (pipe, isStdout) in [(stdoutPipe, true), (stderrPipe, false)] {
            let output = self.output
            drained.enter()
            Thread.detachNewThread { [drained] in
                let handle = pipe.fileHandleForReading
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    output.withLock { isStdout ? $0.stdout.append(chunk) : $0.stderr.append(chunk) }
                }
                drained.leave()
            }
        }
        let input = stdinPipe.fileHandleForWriting
        guard let stdin else {
            try? input.close()
            return
        }
        // Written on its own thread, so a child that reads late cannot block the test; and a child
        // that exits without reading must not take the test process down with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        Thread.detachNewThread {
            try? input.write(contentsOf: stdin)
            try? input.close()
        }
    }

    /// Runs a program to completion, killed (by its PID) if it runs past `timeout` seconds.
    public static func run(
        _ executable: URL, arguments: [String] = [], directory: URL? = nil, environment: [String: String]? = nil,
        stdin: Data? = nil, timeout: TimeInterval = 60
    ) throws -> Result {
        let child = try ChildProcess(executable, arguments: arguments, directory: directory, environment: environment, stdin: stdin)
        let status = child.waitForExit(timeout: timeout) ?? child.kill()
        return Result(status: status, stdout: child.stdout, stderr: child.stderr)
    }

    /// Everything printed on stdout so far.
    public var stdout: String { output.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    /// Everything printed on stderr so far.
    public var stderr: String { output.withLock { String(decoding: $0.stderr, as: UTF8.self) } }
    /// The complete (newline-terminated) lines printed on stderr so far, where Herald logs.
    public var stderrLines: [String] {
        let text = stderr
        return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    public var isRunning: Bool { process.isRunning }

    /// Whether it has exited through a signal (e.g. the SIGKILL of a crash test), not by itself.
    public var wasKilledBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }

    /// Waits (at most `timeout` seconds) until `condition` holds for what was printed so far.
    /// Returns early, with `false`, once the program has exited and all it printed was read.
    @discardableResult
    public func waitForOutput(timeout: TimeInterval = 10, until condition: (_ stdout: String, _ stderr: String) -> Bool) -> Bool {
        var held = false
        waitUntil(timeout: timeout) {
            let finished = !isRunning && finishedReading
            held = condition(stdout, stderr)
            return held || finished
        }
        return held
    }

    /// Waits (at most `timeout` seconds) for the program to exit; its status, nil if it still runs.
    /// Once it has exited, its output is read to the end.
    public func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        guard exited.wait(timeout: .now() + timeout) == .success else { return nil }
        exited.signal()
        _ = drained.wait(timeout: .now() + 5)
        return process.terminationStatus
    }

    /// Sends `signal` (SIGTERM by default) to this process only, and waits (bounded) for its exit
    /// status; SIGKILL when it does not stop in `timeout`, and then `-9`.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: TimeInterval = 15) -> Int32 {
        if let status = waitForExit(timeout: 0) { return status }
        Glibc.kill(pid, signal)
        return waitForExit(timeout: timeout) ?? kill()
    }

    deinit {
        if process.isRunning { kill() }
    }

    /// SIGKILL, then the reaping (bounded); `-9` in place of a status.
    @discardableResult
    private func kill() -> Int32 {
        Glibc.kill(pid, SIGKILL)
        _ = waitForExit(timeout: 10)
        return -9
    }

    private var finishedReading: Bool { drained.wait(timeout: .now()) == .success }
}
