import Foundation
import HeraldLogging
import TestSupport
import Testing
@testable import Delivery

/// The worker logs through the log it is given, so its lines have the one schema, typed fields, and
/// pass the caller's level filter (before `HeraldLog`, delivery lines skipped it).
@Suite("Delivery worker log")
struct WorkerLogTests {
    @Test("a warning-level log keeps the retry's warning and drops the accepted delivery's info line")
    func deliveryLinesPassTheLevelFilter() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let lines = CollectedLines()
        let transport = ScriptedTransport([.transient("451 4.3.0 try later")])
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: transport,
                              options: WorkerOptions(concurrency: 1, retry: DeliveryWorkerTests.fastRetry, idlePoll: 0.05),
                              log: HeraldLog(minimumLevel: .warning, sink: lines))
        try spool.start()
        defer { spool.stop() }
        let id = try spool.enqueue(Fixtures.message(), fingerprint: "f").id
        #expect(try spool.waitUntilFinished(id: id, timeout: 10)?.status == .sent)

        #expect(lines.lines.count == 1, "\(lines.lines)")
        let line = try #require(lines.lines.first)
        #expect(line.hasPrefix(#"{"ts":"#))
        let json = try #require(LogLine.parse(line), "\(line)")
        #expect(json["level"] as? String == "warning")
        #expect(json["event"] as? String == "delivery")
        #expect(json["id"] as? String == id)
        #expect(json["status"] as? String == "retrying")
        #expect(json["attempt"] as? Int == 1)
        #expect(json["error"] as? String == "451 4.3.0 try later")
    }
}
