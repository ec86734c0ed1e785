/// Where a message is in its life (README "API"). Raw values are what status answers and file names use.
public enum DeliveryState: String, Codable, Sendable, CaseIterable, Comparable {
    /// Due now, waiting for a worker.
    case queued
    /// Waiting for its `sendAt` time.
    case scheduled
    /// Handed to the transport by a worker.
    case sending
    /// The transport accepted it.
    case sent
    /// The last attempt failed transiently; another comes at `nextAttemptAt`.
    case retrying
    /// Given up: a permanent failure, or out of attempts or age.
    case failed
    /// The connection broke after the body was sent; not retried (no `key`), so it may or may not have arrived.
    case unknown
    /// Cancelled by a caller, or replaced by a newer message with the same key.
    case cancelled

    /// A finished message never changes again and is removed after the retention time.
    public var isFinished: Bool {
        switch self {
        case .sent, .failed, .unknown, .cancelled: true
        case .queued, .scheduled, .sending, .retrying: false
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
