import Foundation
import Glibc
import HeraldTesting
import Locking
import Messages
import Testing
import TestSupport

/// `herald send` end to end: the real executable, the repository's templates, the outbox or aiosmtpd.
@Suite("herald send", .serialized)
struct SendCommandTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var sample: String { repository.appendingPathComponent("Previews/installment-paid/first-installment.json").path }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]) ?? [:] }
    }

    func herald(_ arguments: [String], environment extra: [String: String]) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["HERALD_TEMPLATES"] = Self.repository.appendingPathComponent("Templates").path
        environment.merge(extra) { _, new in new }
        let result = try ChildProcess.run(try HeraldBinary.executable(), arguments: arguments, environment: environment, timeout: 120)
        return Run(status: result.status, output: result.stdout, errors: result.stderr)
    }

    @Test("--attachments FILE: the API's attachments list, delivered with its digests; a bad one is a field error, exit 65")
    func attachments() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        let invoice = Array("%PDF-1.7\nfacture\n".utf8)
        let list = directory + "/attachments.json"
        try Data("[{\"filename\":\"Facture été.pdf\",\"contentType\":\"application/pdf\",\"content\":\"\(Data(invoice).base64EncodedString())\"}]".utf8)
            .write(to: URL(fileURLWithPath: list))
        let base = ["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample, "--attachments"]
        let sent = try herald(base + [list, "--wait"], environment: environment)
        #expect(sent.status == 0, "\(sent.errors)")
        let mail = try TestOutbox(path: directory + "/outbox.jsonl").message(OutboxFilter(to: "zoe@example.com"))
        #expect(mail.attachments.map(\.filename) == ["Facture été.pdf"])
        #expect(try mail.attachmentContent(named: "Facture été.pdf") == invoice)

        let hostile = directory + "/hostile.json"
        try Data(#"[{"filename":"../../etc/passwd","contentType":"application/pdf","content":"not base64!"}]"#.utf8).write(to: URL(fileURLWithPath: hostile))
        let refused = try herald(base + [hostile], environment: environment)
        #expect(refused.status == 65)
        #expect(refused.errors.contains("attachments[0].filename: "), "\(refused.errors)")
        #expect(refused.errors.contains("attachments[0].content: is not base64"), "\(refused.errors)")
        let missing = try herald(base + [Self.sample + ".missing"], environment: environment)
        #expect(missing.status == 66)
    }

    @Test("enqueue, replay by key, --wait to the outbox, conflict; the outbox has the rendered message")
    func outboxFlow() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        let base = ["send", "installment-paid", "--to", "Zoë O'Brien <zoe@example.com>", "--locale", "fr", "--context", Self.sample]

        let queued = try herald(base + ["--key", "order-42/paid"], environment: environment)
        #expect(queued.status == 0)
        #expect(queued.json["status"] as? String == "queued")
        #expect(queued.json["disposition"] as? String == "created")
        let id = try #require(queued.json["id"] as? String)

        let replay = try herald(base + ["--key", "order-42/paid", "--wait"], environment: environment)
        #expect(replay.status == 0)
        #expect(replay.json["disposition"] as? String == "replayed")
        #expect(replay.json["id"] as? String == id)
        #expect(replay.json["status"] as? String == "sent")

        let mail = try TestOutbox(path: directory + "/outbox.jsonl").message(OutboxFilter(to: "zoe@example.com", key: "order-42/paid"))
        #expect(mail.id == id && mail.locale == "fr")
        #expect(mail.subject.contains("200,00"))
        #expect(mail.eml.contains("\r\n"))
        let context = try mail.decodeContext(InstallmentPaidContext.self)
        #expect(context.installmentNumber == 1)
        #expect(context.productTitle == "Ceramics for beginners (10 weeks)")
        #expect(context.amount.currency.code == "EUR")

        let conflict = try herald(base + ["--key", "order-42/paid", "--locale", "en"], environment: environment)
        #expect(conflict.status == 1)
        #expect(conflict.json["disposition"] as? String == "conflict")
    }

    @Test("--wait over SMTP: 0 when sent, 1 with the error when the recipient is rejected")
    func smtpWait() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = [
            "HERALD_STORE": directory + "/herald.db", "HERALD_TRANSPORT": "smtp",
            "HERALD_SMTP_URL": "smtp://127.0.0.1:\(server.port)?starttls=opportunistic", "HERALD_FROM": "Billing <billing@example.org>",
        ]
        let sent = try herald(["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample, "--wait"], environment: environment)
        #expect(sent.status == 0)
        #expect(sent.json["status"] as? String == "sent")
        #expect(server.waitForOutput("from=billing@example.org rcpt=zoe@example.com"))

        let rejected = try herald(["send", "installment-paid", "--to", "reject@example.com", "--context", Self.sample, "--wait"], environment: environment)
        #expect(rejected.status == 1)
        #expect(rejected.json["status"] as? String == "failed")
        #expect((rejected.json["lastError"] as? String)?.contains("550") == true)
    }

    @Test("--wait over SMTP with AUTH: the password comes from HERALD_SMTP_PASSWORD_FILE, never the command line")
    func smtpPasswordFromFile() throws {
        let server = try SMTPTestServer(mode: .startTLS, auth: "alice:s3cret")
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let passwordFile = directory + "/smtp-password"
        try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
        let environment = [
            "HERALD_STORE": directory + "/herald.db", "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://alice@127.0.0.1:\(server.port)",
            "HERALD_SMTP_CA_FILE": try #require(TestCertificates.shared?.caFile), "HERALD_SMTP_PASSWORD_FILE": passwordFile,
        ]
        let sent = try herald(["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample, "--wait"], environment: environment)
        #expect(sent.status == 0, "\(sent.errors)")
        #expect(sent.json["status"] as? String == "sent")
        #expect(server.waitForOutput("tls=True auth=True"), "\(server.output)")
        #expect(!sent.errors.contains("s3cret") && !sent.output.contains("s3cret"))

        try Data("wrong\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
        let refused = try herald(["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample, "--wait"], environment: environment)
        #expect(refused.status == 1)
        #expect((refused.json["lastError"] as? String)?.contains("535") == true)

        let missing = try herald(["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample],
                                 environment: environment.merging(["HERALD_SMTP_PASSWORD_FILE": directory + "/none"]) { $1 })
        #expect(missing.status == 78)
        #expect(missing.errors.contains("HERALD_SMTP_PASSWORD_FILE (--smtp-password-file): no file at \(directory)/none"), "\(missing.errors)")
    }

    @Test("a full spool: the error with its capacity on stderr, exit 70; an invalid HERALD_SPOOL_CAPACITY names the variable, exit 78")
    func fullSpool() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl", "HERALD_SPOOL_CAPACITY": "1"]
        let later = ISO8601DateFormatter().string(from: Date().addingTimeInterval(3600))
        let base = ["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample, "--send-at", later]
        let first = try herald(base, environment: environment)
        #expect(first.status == 0)
        #expect(first.json["status"] as? String == "scheduled")
        let refused = try herald(base, environment: environment)
        #expect(refused.status == 70)
        #expect(refused.output.isEmpty)
        #expect(refused.errors.contains("herald send: spool: full (capacity 1 unfinished messages)"), "\(refused.errors)")
        let invalid = try herald(base, environment: environment.merging(["HERALD_SPOOL_CAPACITY": "none"]) { $1 })
        #expect(invalid.status == 78)
        #expect(invalid.errors.contains("HERALD_SPOOL_CAPACITY (--spool-capacity): expected a positive integer"), "\(invalid.errors)")
    }

    @Test("invalid input: usage 64, bad context 65 with field paths")
    func invalidInput() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        #expect(try herald(["send", "installment-paid"], environment: environment).status == 64)
        let bad = directory + "/bad.json"
        try Data(#"{"installmentNumber":"three"}"#.utf8).write(to: URL(fileURLWithPath: bad))
        #expect(try herald(["send", "installment-paid", "--to", "zoe@example.com", "--context", bad], environment: environment).status == 65)
        #expect(!FileManager.default.fileExists(atPath: directory + "/outbox.jsonl"))
    }

    @Test("several herald processes delivering into one outbox at once never interleave its lines")
    func concurrentDeliveriesIntoOneOutbox() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let outbox = directory + "/outbox.jsonl"
        // Each line carries a 70 KB attachment, more than a pipe buffer: one write(2) per line cannot
        // be assumed atomic, the outbox's lock has to keep the lines whole.
        var bytes = SplitMix64(seed: 7)
        let attachment = Data((0..<70_000).map { _ in UInt8(truncatingIfNeeded: bytes.next()) })
        let list = directory + "/attachments.json"
        try Data("[{\"filename\":\"statement.pdf\",\"contentType\":\"application/pdf\",\"content\":\"\(attachment.base64EncodedString())\"}]".utf8)
            .write(to: URL(fileURLWithPath: list))
        let writers = 4, sendsPerWriter = 4
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            let environment = ["HERALD_STORE": directory + "/writer-\(writer).db", "HERALD_OUTBOX": outbox]
            for index in 0..<sendsPerWriter {
                let arguments = ["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample,
                                 "--attachments", list, "--key", "w\(writer)-\(index)", "--wait"]
                do {
                    let run = try herald(arguments, environment: environment)
                    if run.status != 0 { failures.withLock { $0.append("w\(writer)-\(index): exit \(run.status) \(run.errors)") } }
                } catch {
                    failures.withLock { $0.append("w\(writer)-\(index): \(error)") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        let delivered = try TestOutbox(path: outbox).messages()
        #expect(delivered.count == writers * sendsPerWriter)
        #expect(Set(delivered.compactMap(\.key)).count == writers * sendsPerWriter)
        for mail in delivered { #expect(try mail.attachmentContent(named: "statement.pdf") == Array(attachment)) }
    }

    @Test("kill -9 of herald send at random moments: every send that answered is delivered, once")
    func killedWhileEnqueueing() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["HERALD_TEMPLATES"] = Self.repository.appendingPathComponent("Templates").path
        environment["HERALD_STORE"] = directory + "/herald.db"
        environment["HERALD_OUTBOX"] = directory + "/outbox.jsonl"
        // One send to the end first: how long a send takes here and now (~70 ms idle in a debug build,
        // ten times that in a sanitizer build on a loaded machine) sets the window the kills land in,
        // so they fall before, during and after the enqueue on any machine.
        let started = Date()
        let whole = try herald(["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample, "--key", "order-whole"],
                               environment: ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"])
        let sendSeconds = Date().timeIntervalSince(started)
        #expect(whole.status == 0, "\(whole.errors)")
        var accepted: [String] = (whole.json["id"] as? String).map { [$0] } ?? []
        for index in 0..<30 {
            let process = try ChildProcess(
                try HeraldBinary.executable(),
                arguments: ["send", "installment-paid", "--to", "zoe@example.com", "--context", Self.sample, "--key", "order-\(index)"],
                environment: environment)
            // The pause is the random moment of the kill, not a wait.
            Thread.sleep(forTimeInterval: Double.random(in: (sendSeconds * 0.2)...(sendSeconds * 1.5)))
            process.stop(signal: SIGKILL)
            let json = (try? JSONSerialization.jsonObject(with: Data(process.stdout.utf8))) as? [String: Any]
            if let id = json?["id"] as? String { accepted.append(id) }
        }
        let deliver = try herald(["deliver", "--timeout", "60"], environment: environment)
        #expect(deliver.status == 0)
        let delivered = try TestOutbox(path: directory + "/outbox.jsonl").messages()
        let counts = Dictionary(grouping: delivered, by: \.id).mapValues(\.count)
        for id in accepted { #expect(counts[id] == 1, "accepted \(id) delivered \(counts[id] ?? 0) times") }
        #expect(counts.values.allSatisfy { $0 == 1 })
        #expect(accepted.count > 1, "no killed send finished before its kill: the test proved nothing")
        print("send crash test: a send takes \(Int(sendSeconds * 1000)) ms; \(accepted.count - 1) of 30 answered before the kill, \(delivered.count) delivered")
    }
}
