import Foundation
import Glibc
import Testing
@testable import Delivery

/// Kills the delivering process (`herald deliver`) with SIGKILL at random moments while messages flow,
/// restarts it, and checks on the outbox that every accepted message arrived, none with a key twice.
@Suite("Crash recovery (SIGKILL)", .serialized)
struct CrashRecoveryTests {
    static var heraldExecutable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("herald").path
    }

    func startDeliverer(_ environment: [String: String], arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.heraldExecutable)
        process.arguments = ["deliver"] + arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    @Test("kill -9 at random moments: every accepted message delivered, none with a key twice")
    func killAtRandomMoments() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.heraldExecutable), "build the herald product first")
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let spoolDirectory = directory + "/spool", outbox = directory + "/outbox.jsonl"
        var environment = ProcessInfo.processInfo.environment
        environment["HERALD_SPOOL"] = spoolDirectory
        environment["HERALD_OUTBOX"] = outbox
        environment["HERALD_TRANSPORT"] = "outbox"
        environment["HERALD_DELIVERY_CONCURRENCY"] = "4"
        environment["HERALD_RETRY_FIRST_DELAY"] = "0.05"

        let store = try DirectorySpoolStore(directory: spoolDirectory)
        var accepted: [String: String?] = [:]
        var rounds = 0
        var next = 0
        let total = 300
        var generator = SystemRandomNumberGenerator()
        while next < total || rounds < 12 {
            rounds += 1
            let deliverer = try startDeliverer(environment, arguments: ["--forever"])
            // Messages keep arriving while it runs (this process enqueues, as an API would).
            let burstEnd = min(total, next + Int.random(in: 10...40, using: &generator))
            while next < burstEnd {
                let key: String? = next % 2 == 0 ? "order-\(next)/paid" : nil
                let result = try store.enqueue(Fixtures.message(id: "crash-\(next)", key: key), sendAt: nil, fingerprint: "f\(next)", now: Date())
                #expect(result.disposition == .created)
                accepted[result.id] = key
                next += 1
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.01...0.15, using: &generator))
            kill(deliverer.processIdentifier, SIGKILL)
            deliverer.waitUntilExit()
            #expect(deliverer.terminationReason == .uncaughtSignal)
            if rounds > 40 { break }
        }

        // The killed processes did deliver: the kills landed while messages flowed.
        let beforeFinish = try OutboxReader(path: outbox).records().count
        print("crash test: \(rounds) kills, \(beforeFinish) of \(accepted.count) delivered before the final run")
        #expect(beforeFinish > 0)

        let finisher = try startDeliverer(environment, arguments: ["--timeout", "60"])
        finisher.waitUntilExit()
        #expect(finisher.terminationStatus == 0)

        let delivered = try OutboxReader(path: outbox).records()
        let copies = Dictionary(grouping: delivered, by: \.id).mapValues(\.count)
        for (id, key) in accepted {
            let count = copies[id] ?? 0
            #expect(count >= 1, "\(id) was accepted but never delivered")
            if key != nil { #expect(count == 1, "\(id) has a key and was delivered \(count) times") }
            #expect(try store.find(id: id)?.state == .sent, "\(id) is not sent")
        }
        #expect(Set(copies.keys) == Set(accepted.keys))
        #expect(rounds >= 12)
    }
}
