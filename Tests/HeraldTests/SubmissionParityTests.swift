import Foundation
import Delivery
import HeraldTesting
import Testing
import TestSupport

/// `POST /v1/messages` and `herald send` are one submission pipeline: the same request makes one
/// message either way, ids have one format, and the same bad request gets the same field problems.
/// The API side runs in process; `herald send` is the real binary, on the same spool and outbox.
@Suite struct SubmissionParityTests {
    /// `msg-` and a UUID in lower case, the one id format.
    static func isMessageID(_ id: String) -> Bool {
        let uuid = id.dropFirst("msg-".count)
        return id.hasPrefix("msg-") && UUID(uuidString: String(uuid))?.uuidString.lowercased() == String(uuid)
    }

    /// `herald send` enqueueing into the spool (and outbox) of the running service.
    private func send(_ herald: TestHerald, _ arguments: [String]) throws -> ChildProcess.Result {
        try HeraldProcess.command(["send"] + arguments, in: herald.directory, environment: [
            "HERALD_STORE": herald.directory.appendingPathComponent("herald.db").path,
            "HERALD_OUTBOX": herald.outbox.path,
        ])
    }

    private func contextFile(_ herald: TestHerald, _ name: String, _ text: String) throws -> String {
        let file = herald.directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    @Test func theSameRequestMakesOneMessageEitherWayWithOneIDFormat() async throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let outbox = herald.outbox
        let context = try SendRequests.sampleContext("installment-paid")
        let file = try contextFile(herald, "context.json", context)

        let api = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "api@example.com", locale: "fr", context: context))
        #expect(api.status == 202, "\(api.text)")
        let apiID = try require(api.json?["id"] as? String, "the API's id")
        let cli = try send(herald, ["installment-paid", "--to", "Zoë O'Brien <cli@example.com>", "--locale", "fr", "--context", file])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.json["disposition"] as? String == "created")
        let cliID = try require(cli.json["id"] as? String, "the id herald send printed")
        #expect(Self.isMessageID(apiID), "\(apiID)")
        #expect(Self.isMessageID(cliID), "\(cliID)")

        let viaAPI = try await outbox.waitForMessage(OutboxFilter(to: "api@example.com"), timeout: .seconds(20))
        let viaCLI = try await outbox.waitForMessage(OutboxFilter(to: "cli@example.com"), timeout: .seconds(20))
        #expect(viaAPI.id == apiID && viaCLI.id == cliID)
        #expect(try outbox.messages(OutboxFilter(to: "api@example.com")).count == 1)
        #expect(try outbox.messages(OutboxFilter(to: "cli@example.com")).count == 1)
        #expect(viaAPI.subject == viaCLI.subject && viaAPI.text == viaCLI.text && viaAPI.locale == viaCLI.locale)
        let contexts = [viaAPI, viaCLI].map { message in
            message.context.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
        }
        #expect(contexts[0] != nil && contexts[0] == contexts[1], "the same context recorded either way")
        #expect(viaAPI.headers["Message-ID"]?.hasPrefix("<\(apiID)@") == true && viaCLI.headers["Message-ID"]?.hasPrefix("<\(cliID)@") == true)

        // With a key, the same request sent the other way is the same message, not a second one.
        let keyed = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "keyed@example.com", locale: "fr", context: context, key: "order-7/paid"))
        #expect(keyed.status == 202, "\(keyed.text)")
        let again = try send(herald, ["installment-paid", "--to", "Zoë O'Brien <keyed@example.com>", "--locale", "fr", "--context", file, "--key", "order-7/paid"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.json["disposition"] as? String == "replayed")
        #expect(again.json["id"] as? String == keyed.json?["id"] as? String)
        _ = try await outbox.waitForMessage(OutboxFilter(to: "keyed@example.com"), timeout: .seconds(20))
        #expect(try outbox.messages(OutboxFilter(key: "order-7/paid")).count == 1)
    }

    @Test func theSameBadRequestGetsTheSameProblemsEitherWay() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let sample = try SendRequests.sampleContext("installment-paid")
        let cases: [(name: String, context: String, sendAt: String?, status: Int)] = [
            // Malformed (400): an envelope problem and a context problem, reported together.
            ("malformed", sample.replacingOccurrences(of: #""installmentNumber": 1"#, with: #""installmentNumber": "one""#), "2027-02-30T00:00:00Z", 400),
            // Well-formed but meaningless (422): every amount in a currency that does not exist.
            ("meaningless", sample.replacingOccurrences(of: "\"EUR\"", with: "\"EUX\""), nil, 422),
            // Well-formed but self-contradicting (422): a remaining balance (the sample's only 400.00) the schedule does not add up to.
            ("contradictory", sample.replacingOccurrences(of: "\"400.00\"", with: "\"399.00\""), nil, 422),
        ]
        for bad in cases {
            #expect(bad.context != sample, "\(bad.name): the sample was edited")
            let api = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "zoe@example.com", context: bad.context, sendAt: bad.sendAt))
            #expect(api.status == bad.status, "\(bad.name): \(api.text)")
            let apiProblems = api.errorFields.map { "\($0["path"] ?? ""): \($0["problem"] ?? "")" }
            #expect(!apiProblems.isEmpty, "\(bad.name)")
            let file = try contextFile(herald, "\(bad.name).json", bad.context)
            let cli = try send(herald, ["installment-paid", "--to", "Zoë O'Brien <zoe@example.com>", "--locale", "en", "--context", file]
                                   + (bad.sendAt.map { ["--send-at", $0] } ?? []))
            #expect(cli.status == 65, "\(bad.name): \(cli.stderr)")
            #expect(cli.stderr.split(separator: "\n").map(String.init) == apiProblems, "\(bad.name)")
            if bad.name == "contradictory" {
                #expect(api.errorFields.map { $0["path"] ?? "" } == ["context.remainingBalance"], "\(api.text)")
            }
        }
        let unknown = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "zoe@example.com", context: sample)
            .replacingOccurrences(of: #""message":"installment-paid""#, with: #""message":"installment-due""#))
        #expect(unknown.status == 404 && unknown.errorCode == "unknown_message")
        let cli = try send(herald, ["installment-due", "--to", "zoe@example.com", "--context", try contextFile(herald, "sample.json", sample)])
        #expect(cli.status == 64)
        #expect(cli.stderr.contains("unknown message \"installment-due\""), "\(cli.stderr)")
        let store = try SQLiteSpoolStore(path: herald.directory.appendingPathComponent("herald.db").path)
        #expect(try store.counts().values.reduce(0, +) == 0, "no bad request was stored either way")
    }
}
