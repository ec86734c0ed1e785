import Delivery
import Foundation
import Herald

/// A delivered message as a test sees it: one outbox line (README "Transports").
public typealias OutboxMessage = OutboxRecord

/// The outbox file a Herald under test delivers to, read the way a test asserts:
///
/// ```swift
/// let outbox = TestOutbox(path: "var/outbox.jsonl")
/// let mail = try await outbox.waitForMessage(OutboxFilter(to: "zoe@example.com", message: "installment-paid"))
/// let context = try mail.decodeContext(InstallmentPaid.self)
/// #expect(context.installmentNumber == 3)
/// ```
public struct TestOutbox: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The outbox a Herald with `configuration` delivers to.
    public init(configuration: HeraldConfiguration) {
        self.init(path: configuration.outboxPath)
    }

    /// The outbox Herald uses with this process's environment (`HERALD_OUTBOX`, default `./var/outbox.jsonl`).
    public init() throws(ConfigurationErrors) {
        self.init(configuration: try HeraldConfiguration.load(reading: [.outbox]))
    }

    /// Every delivered message, oldest first. A torn last line (a writer was killed) is ignored.
    public func messages() throws(TestOutboxError) -> [OutboxMessage] {
        do {
            return try OutboxReader(path: path).records()
        } catch {
            throw .unreadable(error)
        }
    }

    /// The messages matching `filter`, oldest first.
    public func messages(_ filter: OutboxFilter) throws(TestOutboxError) -> [OutboxMessage] {
        try messages().filter(filter.matches)
    }

    /// The only message matching `filter`; an error when there is none or more than one.
    public func message(_ filter: OutboxFilter) throws(TestOutboxError) -> OutboxMessage {
        let found = try messages(filter)
        guard found.count == 1, let only = found.first else { throw .notExactlyOne(filter, found: found.count) }
        return only
    }

    /// Waits (polling every 20 ms) until a message matches `filter`, then returns the first match.
    public func waitForMessage(_ filter: OutboxFilter, timeout: Duration = .seconds(5)) async throws(TestOutboxError) -> OutboxMessage {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            if let found = try messages(filter).first { return found }
            guard clock.now < deadline else { throw .timedOut(filter, after: timeout) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Empties the outbox (under the writers' lock), e.g. between tests.
    public func clear() throws(TestOutboxError) {
        do {
            try OutboxReader(path: path).clear()
        } catch {
            throw .unreadable(error)
        }
    }
}
