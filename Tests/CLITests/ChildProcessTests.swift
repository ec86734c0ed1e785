import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing

/// The one process runner of the tests: output captured, every wait bounded, only its own child signalled.
@Suite struct ChildProcessTests {
    @Test func capturesBothStreamsAndTheExitStatus() throws {
        let result = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "echo out; echo err >&2; exit 3"], timeout: 10)
        #expect(result.status == 3)
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
    }

    @Test func stdinIsWrittenAndClosed() throws {
        let result = try ChildProcess.run(URL(fileURLWithPath: "/bin/cat"), stdin: Data("héllo".utf8), timeout: 10)
        #expect(result.status == 0)
        #expect(result.stdout == "héllo")
        let ignoring = try ChildProcess.run(URL(fileURLWithPath: "/bin/true"), stdin: Data(repeating: 65, count: 1 << 20), timeout: 10)
        #expect(ignoring.status == 0, "a child that never reads its input is no crash of the test process")
    }

    @Test func aProgramPastItsTimeoutIsKilled() throws {
        let started = Date()
        let result = try ChildProcess.run(URL(fileURLWithPath: "/bin/sleep"), arguments: ["30"], timeout: 0.3)
        #expect(result.status == -9)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func waitsForOutputAndStopsByItsPID() throws {
        let child = try ChildProcess(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "echo READY; exec sleep 30"])
        #expect(child.waitForOutput(timeout: 10) { stdout, _ in stdout.contains("READY") })
        #expect(child.isRunning)
        // SIGKILL: the test process blocks SIGTERM in its threads, and a child inherits that mask.
        #expect(child.stop(signal: SIGKILL) == SIGKILL, "killed, reported as the signal's number")
        #expect(child.wasKilledBySignal)
        let quiet = try ChildProcess(URL(fileURLWithPath: "/bin/true"))
        #expect(!quiet.waitForOutput(timeout: 10) { stdout, _ in stdout.contains("READY") }, "returns once the program exited without it")
    }
}
