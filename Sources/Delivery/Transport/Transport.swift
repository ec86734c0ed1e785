import Messages

/// Something that hands one composed message to its destination: a test outbox, an SMTP relay, a double.
///
/// Modelled on swift-log's `LogHandler`: one required method. `deliver` is synchronous and may block
/// (libcurl does); the spool's worker calls it from its own threads, never from the cooperative pool.
public protocol Transport: Sendable {
    /// Delivers `message` once and says what happened. Never throws: every failure is an outcome,
    /// because the spool must decide between retrying, failing and reporting `unknown`.
    func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome

    /// Whether an earlier, interrupted attempt (the process died while `sending`) reached the
    /// destination. Transports that can look (the outbox) answer; the default cannot tell.
    func priorDelivery(of message: ComposedMessage) -> PriorDelivery

    /// Whether handing over several messages at once (`deliver(batch:)`) is cheaper than one call per
    /// message, so the worker claims and delivers batches (the outbox: one write and one `fsync` for all).
    var deliversInBatches: Bool { get }

    /// Delivers each message of `batch` once and says what happened to each, in order.
    func deliver(batch: [(message: ComposedMessage, attempt: DeliveryAttempt)]) -> [DeliveryOutcome]
}

extension Transport {
    public func priorDelivery(of message: ComposedMessage) -> PriorDelivery { .cannotTell }

    public var deliversInBatches: Bool { false }

    /// One `deliver` after another, for a transport with no cheaper way.
    public func deliver(batch: [(message: ComposedMessage, attempt: DeliveryAttempt)]) -> [DeliveryOutcome] {
        batch.map { deliver($0.message, attempt: $0.attempt) }
    }
}

/// What a transport knows about an attempt that was interrupted by a crash.
public enum PriorDelivery: Sendable, Hashable {
    /// The message is at the destination: mark it sent, do not send it again.
    case delivered
    /// The message is certainly not at the destination: sending it again cannot duplicate it.
    case notDelivered
    /// The transport cannot look (SMTP).
    case cannotTell
}
