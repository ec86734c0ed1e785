import Foundation
import HeraldTesting
import Testing
@testable import Delivery

@Suite("HeraldTesting outbox helpers")
struct HeraldTestingTests {
    struct PaidContext: Codable, Equatable {
        var installmentNumber: Int
        var amount: [String: String]
    }

    @Test("finds messages by recipient, kind and key, waits for one, decodes its context")
    func findWaitDecode() async throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/outbox.jsonl"
        let transport = OutboxTransport(path: path)
        let outbox = TestOutbox(path: path)
        #expect(try outbox.messages().isEmpty)
        #expect(transport.deliver(Fixtures.message(id: "one", to: "ann@example.com"), attempt: DeliveryAttempt(number: 1)) == .accepted)

        async let waited = outbox.waitForMessage(OutboxFilter(to: "ZOE@example.com", key: "order-3"), timeout: .seconds(5))
        try await Task.sleep(for: .milliseconds(100))
        let context = #"{"installmentNumber":3,"amount":{"amount":"200.00","currency":"EUR"}}"#
        var withContext = Fixtures.message(id: "two", key: "order-3")
        withContext.context = context
        #expect(transport.deliver(withContext, attempt: DeliveryAttempt(number: 1)) == .accepted)
        let found = try await waited
        #expect(found.id == "two")
        #expect(try found.decodeContext(PaidContext.self) == PaidContext(installmentNumber: 3, amount: ["amount": "200.00", "currency": "EUR"]))
        #expect(throws: TestOutboxError.self) { try outbox.message(OutboxFilter(to: "ann@example.com")).decodeContext(PaidContext.self) }
        #expect(try outbox.message(OutboxFilter(message: "installment-paid", key: "order-3")).id == "two")
        #expect(throws: TestOutboxError.self) { try outbox.message(OutboxFilter(message: "installment-paid")) }

        await #expect(throws: TestOutboxError.self) { try await outbox.waitForMessage(OutboxFilter(to: "nobody@example.com"), timeout: .milliseconds(100)) }
        try outbox.clear()
        #expect(try outbox.messages().isEmpty)
    }
}
