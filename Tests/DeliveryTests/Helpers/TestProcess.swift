import Foundation
import Glibc

/// Runs helper programs for the tests and finds free loopback ports. Only processes started here are
/// ever signalled, by their own PID.
enum TestProcess {
    /// Runs a command to completion (bounded by `timeout`), returning its exit status.
    @discardableResult
    static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String]? = nil, timeout: TimeInterval = 60) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }

    /// The folder of test support files copied as resources (smtpd.py).
    static var supportDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Support").path
    }
}
