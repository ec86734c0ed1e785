import Foundation
import Glibc
import Testing
import TestSupport
@testable import Delivery

/// Kills the delivering process (`herald deliver`) with SIGKILL at random moments while messages flow,
/// restarts it, and checks on the outbox that every accepted message arrived, none with a key twice.
@Suite("Crash recovery (SIGKILL)", .serialized)
struct CrashRecoveryTests {
    func startDeliverer(_ environment: [String: String], arguments: [String]) throws -> ChildProcess {
        try ChildProcess(try HeraldBinary.executable(), arguments: ["deliver"] + arguments, environment: environment)
    }

    @Test("kill -9 at random moments: every accepted message delivered, none with a key twice")
    func killAtRandomMoments() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let database = directory + "/herald.db", outbox = directory + "/outbox.jsonl"
        var environment = ProcessInfo.processInfo.environment
        environment["HERALD_STORE"] = database
        environment["HERALD_OUTBOX"] = outbox
        environment["HERALD_TRANSPORT"] = "outbox"
        environment["HERALD_DELIVERY_CONCURRENCY"] = "4"
        environment["HERALD_RETRY_FIRST_DELAY"] = "0.05"

        let store = try SQLiteSpoolStore(path: database)
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
            deliverer.stop(signal: SIGKILL)
            #expect(deliverer.wasKilledBySignal)
            if rounds > 40 { break }
        }

        // The killed processes did deliver: the kills landed while messages flowed.
        let beforeFinish = try OutboxReader(path: outbox).records().count
        print("crash test: \(rounds) kills, \(beforeFinish) of \(accepted.count) delivered before the final run")
        #expect(beforeFinish > 0)

        let finisher = try startDeliverer(environment, arguments: ["--timeout", "60"])
        #expect(finisher.waitForExit(timeout: 120) == 0)

        let delivered = try OutboxReader(path: outbox).records()
        let copies = Dictionary(grouping: delivered, by: \.composed.id).mapValues(\.count)
        for (id, key) in accepted {
            let count = copies[id] ?? 0
            #expect(count >= 1, "\(id) was accepted but never delivered")
            if key != nil { #expect(count == 1, "\(id) has a key and was delivered \(count) times") }
            #expect(try store.find(id: id)?.state == .sent, "\(id) is not sent")
        }
        #expect(Set(copies.keys) == Set(accepted.keys))
        #expect(rounds >= 12)
    }

    @Test("kill -9 while sending over SMTP: every accepted message reaches the server at least once")
    func killWhileSendingOverSMTP() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["HERALD_STORE"] = directory + "/herald.db"
        environment["HERALD_TRANSPORT"] = "smtp"
        environment["HERALD_SMTP_URL"] = "smtp://127.0.0.1:\(server.port)?starttls=opportunistic"
        environment["HERALD_RETRY_FIRST_DELAY"] = "0.05"

        let store = try SQLiteSpoolStore(path: directory + "/herald.db")
        var accepted: [String: Bool] = [:]  // id → has a key
        for index in 0..<150 {
            let key: String? = index % 2 == 0 ? "smtp-order-\(index)" : nil
            _ = try store.enqueue(Fixtures.message(id: "smtp-\(index)", key: key), sendAt: nil, fingerprint: "f", now: Date())
            accepted["smtp-\(index)"] = key != nil
        }
        for _ in 0..<8 {
            let deliverer = try startDeliverer(environment, arguments: ["--forever"])
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.2))
            deliverer.stop(signal: SIGKILL)
        }
        let finisher = try startDeliverer(environment, arguments: ["--timeout", "60"])
        #expect(finisher.waitForExit(timeout: 120) == 0)

        var received: [String: Int] = [:]
        for message in server.received() {
            let text = String(decoding: message, as: UTF8.self)
            guard let line = text.split(separator: "\r\n").first(where: { $0.hasPrefix("Message-ID: <") }) else { continue }
            let id = line.dropFirst("Message-ID: <".count).prefix { $0 != "@" }
            received[String(id), default: 0] += 1
        }
        for (id, keyed) in accepted {
            #expect(try store.find(id: id)?.state == .sent, "\(id) (key: \(keyed)) is not sent")
            #expect((received[id] ?? 0) >= 1, "\(id) was accepted but the server never got it")
        }
        // SMTP cannot be asked what arrived: a message interrupted mid-transaction may arrive twice
        // (same Message-ID). Printed, not asserted; the outbox test above asserts exactly once.
        print("SMTP crash test: \(received.count) of \(accepted.count) received, \(received.values.filter { $0 > 1 }.count) twice or more")
    }
}
