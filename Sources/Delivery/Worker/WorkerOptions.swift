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

    public init(concurrency: Int = 4, retry: RetryPolicy = RetryPolicy(), retention: TimeInterval = 7 * 86400, idlePoll: TimeInterval = 0.5) {
        self.concurrency = max(1, concurrency)
        self.retry = retry
        self.retention = retention
        self.idlePoll = idlePoll
    }
}
