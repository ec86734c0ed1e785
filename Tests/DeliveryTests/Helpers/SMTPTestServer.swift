import Foundation
import TestSupport
import Glibc

/// aiosmtpd (Support/smtpd.py) on a free 127.0.0.1 port, started for one test and stopped by its PID.
final class SMTPTestServer: Sendable {
    enum Mode: Sendable {
        case plain
        case startTLS
        case implicitTLS
    }

    let port: UInt16
    let outputDirectory: String
    private let process: ChildProcess

    /// `lateReply`: how long `late*@…` transactions wait before answering the final dot.
    init(mode: Mode = .plain, auth: String? = nil, lateReply: TimeInterval? = nil) throws {
        outputDirectory = Fixtures.temporaryDirectory()
        var lastError = "not started"
        for _ in 0..<5 {
            let port = UInt16(try LoopbackPort.free())
            var arguments = ["python3", "-W", "ignore", Fixtures.supportDirectory + "/smtpd.py", String(port), outputDirectory]
            switch mode {
            case .plain: break
            case .startTLS, .implicitTLS:
                guard let certificates = TestCertificates.shared else { throw TestSetupError("no test certificates (openssl)") }
                arguments += [mode == .startTLS ? "--starttls" : "--implicit-tls", certificates.certificate, certificates.key]
            }
            if let auth { arguments += ["--auth", auth] }
            if let lateReply { arguments += ["--late", String(lateReply)] }
            let process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments: arguments)
            if process.waitForOutput(timeout: 10, until: { stdout, _ in stdout.contains("READY") }) {
                self.port = port
                self.process = process
                return
            }
            lastError = process.stdout + process.stderr
            process.stop(signal: SIGKILL)
        }
        throw TestSetupError("smtpd.py did not start: \(lastError)")
    }

    deinit {
        stop()
    }

    func stop() {
        process.stop(signal: SIGKILL)
        try? FileManager.default.removeItem(atPath: outputDirectory)
    }

    /// The server's output so far (one `MSG …` line per accepted message), stdout then stderr.
    var output: String { process.stdout + process.stderr }

    /// Waits (at most `timeout`) until the server has printed `text`; returns whether it did.
    func waitForOutput(_ text: String, timeout: TimeInterval = 5) -> Bool {
        waitUntil(timeout: timeout) { output.contains(text) }
    }

    /// Waits (at most `timeout`) until `condition` holds for the server; returns whether it did.
    func wait(timeout: TimeInterval = 10, until condition: (SMTPTestServer) -> Bool) -> Bool {
        waitUntil(timeout: timeout) { condition(self) }
    }

    /// The server's log lines that start with `prefix` (`MSG`, `RCPT`, `DATA`, …).
    func lines(_ prefix: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.hasPrefix(prefix + " ") }
    }

    /// The distinct client connections (source ports) seen in the lines that start with `prefix`.
    func peers(_ prefix: String) -> Set<Substring> {
        Set(lines(prefix).compactMap { line in line.split(separator: " ").first { $0.hasPrefix("peer=") } })
    }

    /// The messages accepted so far, oldest first, as the exact bytes received.
    func received() -> [Data] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: outputDirectory)) ?? [])
            .compactMap { name in Int(name.replacingOccurrences(of: ".eml", with: "")) }.sorted()
        return names.compactMap { FileManager.default.contents(atPath: outputDirectory + "/\($0).eml") }
    }
}
