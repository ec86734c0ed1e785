import Delivery
import Foundation
import Herald

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
    package init(configuration: HeraldConfiguration) {
        self.init(path: configuration.outboxPath)
    }

    /// The outbox Herald uses with this process's environment (`HERALD_OUTBOX`, default
    /// `./var/outbox.jsonl`), read by Herald's own configuration so the two never disagree.
    public init() throws(TestOutboxError) {
        do {
            self.init(configuration: try HeraldConfiguration.load(reading: [.outbox]))
        } catch {
            throw .invalidSetting(error.description)
        }
    }

    /// Every delivered message, oldest first. A torn last line (a writer was killed) is ignored.
    public func messages() throws(TestOutboxError) -> [OutboxMessage] {
        do {
            return try OutboxReader(path: path).records().map(OutboxMessage.init)
        } catch {
            throw .unreadable(path: path, detail: error.description)
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

    /// Waits until a message matches `filter`, then returns the first match. Delivery is
    /// asynchronous (the spool's worker writes the line after the API answered), so a test waits on
    /// this condition, bounded by `timeout`, instead of sleeping.
    public func waitForMessage(_ filter: OutboxFilter, timeout: Duration = .seconds(10)) async throws(TestOutboxError) -> OutboxMessage {
        let found = try await waitForMessages(filter, count: 1, timeout: timeout)
        guard let first = found.first else { throw .timedOut(filter, after: timeout) }
        return first
    }

    /// Waits until at least `count` messages match `filter`, then returns every match, oldest first.
    public func waitForMessages(_ filter: OutboxFilter, count: Int, timeout: Duration = .seconds(10)) async throws(TestOutboxError) -> [OutboxMessage] {
        try await waitForMessages(described: filter, count: count, timeout: timeout, filter.matches)
    }

    /// Waits until a message satisfies `condition` (for what an `OutboxFilter` does not express,
    /// e.g. a subject or a header), then returns the first that does.
    public func waitForMessage(
        timeout: Duration = .seconds(10), where condition: @Sendable (OutboxMessage) -> Bool
    ) async throws(TestOutboxError) -> OutboxMessage {
        let found = try await waitForMessages(described: OutboxFilter(), count: 1, timeout: timeout, condition)
        guard let first = found.first else { throw .timedOut(OutboxFilter(), after: timeout) }
        return first
    }

    /// Polls every 20 ms, at most until `timeout`: the outbox is a file other processes append to,
    /// so there is nothing to be notified by.
    private func waitForMessages(
        described filter: OutboxFilter, count: Int, timeout: Duration, _ condition: (OutboxMessage) -> Bool
    ) async throws(TestOutboxError) -> [OutboxMessage] {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while true {
            let found = try messages().filter(condition)
            if found.count >= max(count, 1) { return found }
            guard clock.now < deadline else { throw .timedOut(filter, after: timeout) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Empties the outbox (under the writers' lock), e.g. between tests.
    public func clear() throws(TestOutboxError) {
        do {
            try OutboxReader(path: path).clear()
        } catch {
            throw .unreadable(path: path, detail: error.description)
        }
    }
}
