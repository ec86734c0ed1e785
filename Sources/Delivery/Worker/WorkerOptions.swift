import Foundation

/// How the delivery worker behaves.
public struct WorkerOptions: Sendable, Hashable {
    /// Messages delivered at once (threads, and SMTP connections).
    public var concurrency: Int
    public var retry: RetryPolicy
    /// How long finished messages (`sent`, `failed`, `unknown`, `cancelled`) stay queryable.
    public var retention: TimeInterval
    /// The longest an idle worker waits before looking for work enqueued by other processes.
    public var idlePoll: TimeInterval
    /// An attempt still running after this long is set aside: it goes on (bounded by the transport's own
    /// timeouts) on its thread, and a new thread takes its place, so a few hung SMTP transactions do not
    /// hold up every other message.
    public var stallAfter: TimeInterval
    /// The most attempts set aside at once; beyond that, hung attempts do hold threads up (a relay that
    /// hangs on everything gets no more connections).
    public var maxStalled: Int
    /// On a store shared by several instances (PostgreSQL): how long a claimed message stays this
    /// worker's without renewal. The worker renews its leases a few times per period; once one
    /// expires (its instance died), any instance recovers the message.
    public var leaseDuration: TimeInterval

    /// `HERALD_STORE_LEASE` when unset.
    public static let defaultLeaseDuration: TimeInterval = 30

    public init(
        concurrency: Int = 4, retry: RetryPolicy = RetryPolicy(), retention: TimeInterval = 7 * 86400, idlePoll: TimeInterval = 0.5,
        stallAfter: TimeInterval = 10, maxStalled: Int = 8, leaseDuration: TimeInterval = WorkerOptions.defaultLeaseDuration
    ) {
        self.leaseDuration = leaseDuration
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.retention = retention
        self.idlePoll = idlePoll
        self.stallAfter = stallAfter
        self.maxStalled = max(0, maxStalled)
    }
}
