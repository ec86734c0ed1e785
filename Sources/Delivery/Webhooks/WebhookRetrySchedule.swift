import Foundation

/// When a webhook delivery that was not answered `2xx` is tried again: after each delay of `delays`
/// in turn (5 s, 30 s, 2 min, 10 min, 1 h by default), then every last delay, and never later than
/// `maxAge` after the event (24 h), when it is given up.
public struct WebhookRetrySchedule: Sendable, Hashable {
    public static let defaultDelays: [TimeInterval] = [5, 30, 120, 600, 3600]
    public static let defaultMaxAge: TimeInterval = 86_400

    public var delays: [TimeInterval]
    public var maxAge: TimeInterval

    /// `delays` must not be empty (the configuration refuses an empty list).
    public init(delays: [TimeInterval] = Self.defaultDelays, maxAge: TimeInterval = Self.defaultMaxAge) {
        self.delays = delays.isEmpty ? Self.defaultDelays : delays
        self.maxAge = maxAge
    }

    /// The time of the attempt after attempt number `attempt` (1 for the first) failed at `now`; nil
    /// once that would be more than `maxAge` after `eventTime`.
    func nextAttempt(after attempt: Int, eventTime: Date, now: Date) -> Date? {
        let delay = delays[min(max(attempt, 1), delays.count) - 1]
        let next = now.addingTimeInterval(delay)
        return next.timeIntervalSince(eventTime) <= maxAge ? next : nil
    }
}
