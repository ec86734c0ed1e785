import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// `Tests/HeraldTests/Support/webhook_receiver.py` on a free loopback port, stopped by its PID: a
/// webhook endpoint verifying each request with `standardwebhooks`, answering 500 twice then 200 per event id.
final class WebhookReceiver {
    let port: Int
    private let process: ChildProcess

    /// Holds `held` requests unanswered after the first `holdAfter` verified ones.
    init(secret: String, holdAfter: Int, held: Int = 1) throws {
        port = try LoopbackPort.free()
        process = try ChildProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments: [
            "python3", "-W", "ignore", HeraldBinary.repositoryRoot.appendingPathComponent("Tests/HeraldTests/Support/webhook_receiver.py").path,
            String(port), secret, "--fail", "2", "--hold-after", String(holdAfter), "--hold", String(held),
        ])
        guard process.waitForOutput(timeout: 15, until: { stdout, _ in stdout.contains("READY") }) else {
            stop()
            throw RequireError.missing("the webhook receiver did not start (run .ci/install-deps for standardwebhooks): \(process.stderr)")
        }
    }

    /// SIGKILL: the test process's threads block SIGTERM, and a child inherits that mask.
    func stop() {
        process.stop(signal: SIGKILL)
    }

    var lines: [String] { process.stdout.split(separator: "\n").map(String.init) }

    /// How many times the receiver answered `status` for the event `id`.
    func answers(_ status: Int, id: String) -> Int {
        lines.filter { $0.hasPrefix("ANSWER \(status) id=\(id) ") }.count
    }

    /// Requests held unanswered so far.
    var heldCount: Int { lines.filter { $0.hasPrefix("HOLDING ") }.count }

    /// Every event id the receiver answered.
    var answeredIDs: Set<String> {
        Set(lines.compactMap { line -> String? in
            guard line.hasPrefix("ANSWER ") else { return nil }
            return line.split(separator: " ").first { $0.hasPrefix("id=") }.map { String($0.dropFirst(3)) }
        })
    }
}
