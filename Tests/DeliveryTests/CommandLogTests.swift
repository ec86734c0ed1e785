import Foundation
import TestSupport
import Testing

extension SendCommandTests {
    @Test("every stderr line of send, deliver and send --wait is one JSON log line: ts, level, event first; no context")
    func stderrIsLogLinesOnly() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let environment = ["HERALD_STORE": directory + "/herald.db", "HERALD_OUTBOX": directory + "/outbox.jsonl"]
        let base = ["send", "installment-paid", "--to", "Zoë O'Brien <zoe@example.com>", "--context", Self.sample]

        // No catalog for "pt": the fallback to English is a warning line, not free text.
        let queued = try herald(base + ["--locale", "pt", "--key", "log-1"], environment: environment)
        #expect(queued.status == 0, "\(queued.errors)")
        let delivered = try herald(["deliver", "--timeout", "30"], environment: environment)
        #expect(delivered.status == 0, "\(delivered.errors)")
        let waited = try herald(base + ["--locale", "fr", "--key", "log-2", "--wait"], environment: environment)
        #expect(waited.status == 0, "\(waited.errors)")

        for run in [queued, delivered, waited] {
            #expect(LogLine.strays(in: run.errors).isEmpty, "not log lines:\n\(LogLine.strays(in: run.errors).joined(separator: "\n"))")
            #expect(!run.errors.contains("Ceramics") && !run.errors.contains("Zoë"), "no context or names in logs: \(run.errors)")
        }
        #expect(LogLine.events(in: queued.errors) == ["locale_fallback"])
        #expect(LogLine.events(in: delivered.errors) == ["started", "delivery"])
        #expect(LogLine.events(in: waited.errors) == ["delivery"])
        let delivery = try #require(delivered.errors.split(separator: "\n").compactMap { LogLine.parse($0) }.last)
        #expect(delivery["status"] as? String == "sent")
        #expect(delivery["attempt"] as? Int == 1)
        #expect(delivery["message"] as? String == "installment-paid")
    }
}
