import Foundation
import Messages
import Locking
import Testing
@testable import Delivery

/// Hung SMTP transactions (aiosmtpd never answering `RCPT` for `hang*@…`) must not hold up the other
/// messages: the worker sets a stalled attempt aside and another thread takes its place.
@Suite("Stalled deliveries", .serialized)
struct StalledDeliveryTests {
    @Test("four hung transactions at the default concurrency: a healthy message is still sent within seconds")
    func hungTransactionsDoNotStallDelivery() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let smtp = try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?starttls=opportunistic", replyTimeout: 40, timeout: 40, poolSize: 4)
        let configuration = DeliveryConfiguration(
            transport: .smtp(smtp), store: .sqlite(path: directory + "/herald.db"), worker: WorkerOptions(concurrency: 4, stallAfter: 0.5))
        let spool = try configuration.openSpool(log: .silent)
        try spool.start()
        for round in 0..<4 { _ = try spool.enqueue(Fixtures.message(to: "hang-\(round)@example.com"), fingerprint: "f") }
        #expect(server.wait { $0.lines("RCPT").filter { $0.contains("hang-") }.count == 4 }, "every thread holds a hung transaction")

        let started = Date()
        let healthy = try spool.enqueue(Fixtures.message(to: "zoe@example.com"), fingerprint: "f").id
        let status = try spool.waitUntilFinished(id: healthy, timeout: 15)
        #expect(status?.status == .sent)
        #expect(Date().timeIntervalSince(started) < 6, "sent long before the 40 s SMTP timeout")
        #expect(server.received().count == 1)

        server.stop()  // the hung transactions end (their connections are reset), so stop drains
        #expect(spool.stop(drainTimeout: 15))
    }

    @Test("at most maxStalled attempts are set aside: beyond that a hung attempt holds its thread")
    func setAsideIsBounded() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let transport = BlockingTransport()
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: transport, options: WorkerOptions(
            concurrency: 1, retry: RetryPolicy(firstDelay: 0.05), idlePoll: 0.05, stallAfter: 0.2, maxStalled: 1), log: .silent)
        try spool.start()
        defer { spool.stop(drainTimeout: 10) }
        let first = try spool.enqueue(Fixtures.message(id: "hang-1"), fingerprint: "f").id
        #expect(transport.waitForStarted(1))
        let second = try spool.enqueue(Fixtures.message(id: "hang-2"), fingerprint: "f").id
        #expect(transport.waitForStarted(2), "the first hung attempt was set aside and a new thread took the second")
        let third = try spool.enqueue(Fixtures.message(id: "ok"), fingerprint: "f").id
        // Give the watcher several looks (it looks every 0.05 s): with the cap reached nothing takes the third.
        #expect(try spool.waitUntilFinished(id: third, timeout: 1)?.status == .queued)
        #expect(transport.started == 2)
        transport.release()
        for id in [first, second, third] { #expect(try spool.waitUntilFinished(id: id, timeout: 10)?.status == .sent) }
    }
}

/// Blocks every delivery until `release`, counting the deliveries that began.
final class BlockingTransport: Transport {
    private let state = Locked((started: 0, released: false))
    private let condition = NSCondition()

    func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        condition.lock()
        state.withLock { $0.started += 1 }
        condition.broadcast()
        let deadline = Date().addingTimeInterval(30)
        while !state.withLock({ $0.released }), Date() < deadline { _ = condition.wait(until: deadline) }
        condition.unlock()
        return .accepted
    }

    var started: Int { state.withLock { $0.started } }

    func waitForStarted(_ count: Int, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        while started < count, Date() < deadline { _ = condition.wait(until: deadline) }
        return started >= count
    }

    func release() {
        condition.lock()
        state.withLock { $0.released = true }
        condition.broadcast()
        condition.unlock()
    }
}
