import Foundation
import HeraldTesting
import Testing

/// `herald send` with the hostile values that used to crash it or reach headers garbled.
extension SendCommandTests {
    static var upcomingDebit: String { repository.appendingPathComponent("Previews/upcoming-debit/tomorrow.json").path }

    @Test("a --send-at beyond year 9999 in UTC is a field problem (exit 65), not a crash")
    func sendAtBeyondTheCalendar() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        for sendAt in ["9999-12-31T23:59:59-05:00", "2027-02-30T00:00:00Z"] {
            let run = try herald(["send", "upcoming-debit", "--to", "zoe@example.com", "--context", Self.upcomingDebit, "--send-at", sendAt],
                                 environment: environment)
            #expect(run.status == 65, "\(sendAt): \(run.errors)")
            #expect(run.errors.contains("sendAt: \"\(sendAt)\""), "\(run.errors)")
        }
    }

    @Test("quoted display names in --to and HERALD_FROM keep their words, not their backslashes")
    func quotedDisplayNames() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl",
                           "HERALD_FROM": #""Équipe \"Paiements\", Atelier" <paiements@atelier.example>"#]
        let run = try herald(["send", "installment-paid", "--to", #""Zoë \"Zed\" O'Brien" <zoe@example.com>"#, "--context", Self.sample, "--wait"],
                             environment: environment)
        #expect(run.status == 0, "\(run.errors)")
        let message = try #require(try TestOutbox(path: directory + "/outbox.jsonl").messages(OutboxFilter(to: "zoe@example.com")).first)
        #expect(message.from.name == #"Équipe "Paiements", Atelier"#)
        #expect(message.to.first?.name == #"Zoë "Zed" O'Brien"#)
        #expect(!message.eml.contains("\\\""), "no quoted pair of the input survives into an encoded word")
        let refused = try herald(["send", "installment-paid", "--to", "Zoë, Zed <zoe@example.com>", "--context", Self.sample], environment: environment)
        #expect(refused.status == 64)
        #expect(refused.errors.contains("in double quotes"), "\(refused.errors)")
    }
}
