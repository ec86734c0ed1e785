import Foundation
import Locking
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Several `herald serve` processes on one PostgreSQL database (a throwaway server on 127.0.0.1):
/// each accepts, answers status and cancel for every message, and delivers; a key gives one message
/// whichever instances it reaches; a killed instance's messages are recovered by another.
@Suite("Instances sharing a PostgreSQL store")
struct SharedStoreServeTests {
    /// Where two instances share everything: the database, the outbox file.
    struct Shared {
        let server: PostgresServer
        let database: String
        let folder: URL
        var outbox: String { folder.appendingPathComponent("outbox.jsonl").path }

        init(_ server: PostgresServer) throws {
            self.server = server
            database = try server.createDatabase()
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("herald-shared-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }

        /// Starts an instance; the password in the URI, or (`passwordFile`) from HERALD_STORE_PASSWORD_FILE.
        func instance(passwordFile: Bool = false, _ extra: [String: String] = [:]) throws -> HeraldProcess {
            var environment = [
                "HERALD_STORE": server.uri(database: database, password: !passwordFile), "HERALD_OUTBOX": outbox,
                "HERALD_STORE_LEASE": "1", "HERALD_RETRY_FIRST_DELAY": "0.1",
            ]
            if passwordFile {
                let file = folder.appendingPathComponent("store-password")
                try Data((server.password + "\n").utf8).write(to: file)
                environment["HERALD_STORE_PASSWORD_FILE"] = file.path
            }
            return try HeraldProcess(environment: environment.merging(extra) { $1 })
        }

        func outboxCopies() throws -> [String: Int] {
            let text = (try? String(contentsOfFile: outbox, encoding: .utf8)) ?? ""
            var copies: [String: Int] = [:]
            for line in text.split(separator: "\n") {
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let id = object["id"] as? String else { continue }
                copies[id, default: 0] += 1
            }
            return copies
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test("a message accepted by one instance is visible and cancellable through the other; the password is never logged")
    func statusAndCancelAcrossInstances() async throws {
        try await PostgresServer.withShared { server in
            let shared = try Shared(server)
            defer { shared.remove() }
            let first = try shared.instance(), second = try shared.instance(passwordFile: true)
            let one = HTTPClient(port: first.port), other = HTTPClient(port: second.port)

            let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
            let scheduled = try one.post("/v1/messages", try SendRequests.body("check-in", to: "owner@example.com", key: "invoice-7/check-in", sendAt: later))
            #expect(scheduled.status == 202, "\(scheduled.text)")
            let id = try #require(scheduled.json?["id"] as? String)
            #expect(try other.get("/v1/messages/\(id)").json?["status"] as? String == "scheduled")
            let cancelled = try other.send("DELETE", "/v1/messages/\(id)")
            #expect(cancelled.status == 200 && cancelled.json?["status"] as? String == "cancelled")
            #expect(try one.get("/v1/messages/\(id)").json?["status"] as? String == "cancelled")

            let now = try other.post("/v1/messages", try SendRequests.body("all-paid", to: "now@example.com"))
            let nowID = try #require(now.json?["id"] as? String)
            #expect(waitUntil(timeout: 10) { (try? one.get("/v1/messages/\(nowID)").json?["status"] as? String) == "sent" })
            #expect(try shared.outboxCopies()[nowID] == 1)

            #expect(first.stop() == 0 && second.stop() == 0)
            for instance in [first, second] {
                let log = instance.logLines.joined(separator: "\n")
                #expect(!log.contains(server.password), "the store's password reached the log")
                let started = try #require(instance.logLines.first { $0.contains("\"event\":\"started\"") })
                #expect(started.contains("postgres://herald@127.0.0.1:\(server.port)/\(shared.database)?sslmode=disable"), "\(started)")
            }
        }
    }

    @Test("the same key sent to both instances at the same instant gives one message: 202 from one, 200 (replayed) from the other")
    func sameKeyOnBothInstances() async throws {
        try await PostgresServer.withShared { server in
            let shared = try Shared(server)
            defer { shared.remove() }
            let first = try shared.instance(), second = try shared.instance()
            let clients = [HTTPClient(port: first.port), HTTPClient(port: second.port)]
            for round in 0..<10 {
                let body = try SendRequests.body("installment-paid", to: "race-\(round)@example.com", key: "order-\(round)/paid")
                let answers = Locked<[(status: Int, id: String?)]>([])
                DispatchQueue.concurrentPerform(iterations: 2) { index in
                    let response = try? clients[index].post("/v1/messages", body)
                    answers.withLock { $0.append((response?.status ?? 0, response?.json?["id"] as? String)) }
                }
                let got = answers.withLock { $0 }
                #expect(got.map(\.status).sorted() == [200, 202], "round \(round): \(got)")
                #expect(Set(got.compactMap(\.id)).count == 1, "round \(round): one message")
            }
            #expect(waitUntil(timeout: 15) { ((try? shared.outboxCopies()) ?? [:]).count == 10 })
            #expect(try shared.outboxCopies().values.allSatisfy { $0 == 1 })
        }
    }

    @Test("an instance killed while delivering: another takes its lease over once it expires; the outbox holds the message once")
    func killedInstanceIsRecovered() async throws {
        try await PostgresServer.withShared { server in
            let shared = try Shared(server)
            defer { shared.remove() }
            // The first instance delivers to a relay that never answers, so it holds the message in flight.
            let relay = try SilentServer()
            let doomed = try shared.instance([
                "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://127.0.0.1:\(relay.port)?starttls=opportunistic",
            ])
            let accepted = try HTTPClient(port: doomed.port).post("/v1/messages", try SendRequests.body("all-paid", to: "kill@example.com"))
            let id = try #require(accepted.json?["id"] as? String)
            #expect(waitUntil(timeout: 10) {
                (try? server.psql("SELECT state FROM messages WHERE id = '\(id)' AND claimed_by IS NOT NULL", database: shared.database)) == "sending"
            })
            #expect(doomed.stop(signal: SIGKILL) != 0)

            let survivor = try shared.instance()
            #expect(waitUntil(timeout: 15) { (try? HTTPClient(port: survivor.port).get("/v1/messages/\(id)").json?["status"] as? String) == "sent" })
            #expect(try shared.outboxCopies() == [id: 1])
            #expect(!survivor.logLines(atLeast: 1) { $0.contains("\"event\":\"recovered\"") && $0.contains(id) }.isEmpty)
            #expect(survivor.stop() == 0)
        }
    }

    @Test("three instances, keyed and unkeyed messages round-robin (each key to two instances at once), SIGKILLs at random: every accepted message in the outbox once, one per key")
    func randomKillsAcrossThreeInstances() async throws {
        try await PostgresServer.withShared { server in
            let shared = try Shared(server)
            defer { shared.remove() }
            var instances = try (0..<3).map { _ in try shared.instance() }
            var generator = SystemRandomNumberGenerator()
            var accepted: Set<String> = []
            var idsByKey: [String: Set<String>] = [:]
            var kills = 0
            for index in 0..<90 {
                let ports = [instances[index % 3].port, instances[(index + 1) % 3].port]
                if index % 3 == 0 {
                    let key = "order-\(index)/paid"
                    let body = try SendRequests.body("installment-paid", to: "stream-\(index)@example.com", key: key)
                    let answers = Locked<[String]>([])
                    DispatchQueue.concurrentPerform(iterations: 2) { side in
                        guard let response = try? HTTPClient(port: ports[side]).post("/v1/messages", body), [200, 202].contains(response.status),
                              let id = response.json?["id"] as? String else { return }
                        answers.withLock { $0.append(id) }
                    }
                    for id in answers.withLock({ $0 }) {
                        accepted.insert(id)
                        idsByKey[key, default: []].insert(id)
                    }
                } else if let response = try? HTTPClient(port: ports[0]).post("/v1/messages", try SendRequests.body("all-paid", to: "stream-\(index)@example.com")),
                          response.status == 202, let id = response.json?["id"] as? String {
                    accepted.insert(id)
                }
                if index % 15 == 14 {
                    let victim = Int.random(in: 0..<3, using: &generator)
                    instances[victim].stop(signal: SIGKILL)
                    kills += 1
                    instances[victim] = try shared.instance()
                }
            }
            #expect(kills == 6)
            #expect(accepted.count >= 80, "the instances accepted most of the stream")
            #expect(idsByKey.values.allSatisfy { $0.count == 1 }, "each key gave one message: \(idsByKey.filter { $0.value.count != 1 })")
            let client = HTTPClient(port: instances[0].port)
            let pending = Locked(accepted)
            #expect(waitUntil(timeout: 30, interval: 0.2) {
                for id in pending.withLock({ $0 }) where (try? client.get("/v1/messages/\(id)").json?["status"] as? String) == "sent" {
                    _ = pending.withLock { $0.remove(id) }
                }
                return pending.withLock { $0.isEmpty }
            }, "not sent: \(pending.withLock { $0 })")
            let copies = try shared.outboxCopies()
            #expect(Set(copies.keys) == accepted, "the outbox holds exactly the accepted messages")
            #expect(copies.filter { $0.value != 1 }.isEmpty, "delivered more than once: \(copies.filter { $0.value != 1 })")
            for instance in instances { instance.stop() }
        }
    }

    @Test("a database whose schema is newer than this Herald knows is refused at startup with a clear error")
    func newerSchemaIsRefused() async throws {
        try await PostgresServer.withShared { server in
            let shared = try Shared(server)
            defer { shared.remove() }
            let first = try shared.instance()
            #expect(first.stop() == 0)
            try server.psql("INSERT INTO herald_migrations (version) VALUES (999)", database: shared.database)
            let refused = try HeraldProcess.command(
                ["serve", "--listen", "127.0.0.1:0"], in: shared.folder,
                environment: ["HERALD_STORE": server.uri(database: shared.database), "HERALD_OUTBOX": shared.outbox], timeout: 20)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("schema version 999, newer than the"), "\(refused.stderr)")
            #expect(!refused.stderr.contains(server.password))
        }
    }
}
