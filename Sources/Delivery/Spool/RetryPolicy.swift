import Foundation

/// When to try a transiently failed message again, and when to give up.
///
/// Delays grow exponentially from `firstDelay` by `multiplier`, capped at `maxDelay`, each with up to
/// ±`jitter` of random spread so that messages failed together do not come back together.
public struct RetryPolicy: Sendable, Hashable {
    public var firstDelay: TimeInterval
    public var multiplier: Double
    public var maxDelay: TimeInterval
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// No retry is scheduled later than this after the message was created.
    public var maxAge: TimeInterval
    /// Fraction of the delay, 0 ..< 1.
    public var jitter: Double

    public init(
        firstDelay: TimeInterval = 30, multiplier: Double = 2, maxDelay: TimeInterval = 3600, maxAttempts: Int = 10,
        maxAge: TimeInterval = 2 * 86400, jitter: Double = 0.2
    ) {
        self.firstDelay = firstDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.maxAttempts = maxAttempts
        self.maxAge = maxAge
        self.jitter = jitter
    }

    /// The delay before attempt `attemptsMade + 1`, jitter included.
    public func delay(afterAttempts attemptsMade: Int) -> TimeInterval {
        let exponent = Double(max(0, attemptsMade - 1))
        let base = min(maxDelay, firstDelay * pow(multiplier, exponent))
        let spread = base * jitter
        return max(0, base + (spread > 0 ? Double.random(in: -spread ... spread) : 0))
    }

    /// The next attempt's time, or nil when the message must be given up.
    public func nextAttempt(afterAttempts attemptsMade: Int, createdAt: Date, now: Date) -> Date? {
        guard attemptsMade < maxAttempts else { return nil }
        let next = now.addingTimeInterval(delay(afterAttempts: attemptsMade))
        guard next.timeIntervalSince(createdAt) <= maxAge else { return nil }
        return next
    }
}
