import Foundation

/// The delivery settings only the environment sets (worker threads, retries, retention, SMTP
/// timeouts), read by one parser so `herald serve`, `send` and `deliver` behave alike.
///
/// | variable | default |
/// |---|---|
/// | `HERALD_DELIVERY_CONCURRENCY` | 4 (1–64) |
/// | `HERALD_DELIVERY_STALL_AFTER` / `HERALD_DELIVERY_MAX_STALLED` | 10 s / 8 (0–256) |
/// | `HERALD_RETRY_FIRST_DELAY` / `HERALD_RETRY_MAX_DELAY` | 30 s / 3600 s |
/// | `HERALD_RETRY_MAX_ATTEMPTS` / `HERALD_RETRY_MAX_AGE` | 10 / 2 days |
/// | `HERALD_SPOOL_RETENTION` | 7 days |
/// | `HERALD_SMTP_CONNECT_TIMEOUT` / `HERALD_SMTP_REPLY_TIMEOUT` / `HERALD_SMTP_TIMEOUT` | 10 s / 30 s / 60 s |
/// | `HERALD_SMTP_MIN_SPEED` | 10240 bytes/s |
public struct DeliveryTuning: Sendable, Hashable {
    public var worker: WorkerOptions
    public var smtpConnectTimeout: TimeInterval
    public var smtpReplyTimeout: TimeInterval
    public var smtpTimeout: TimeInterval
    public var smtpMinimumSpeed: Int

    public init(
        worker: WorkerOptions = WorkerOptions(), smtpConnectTimeout: TimeInterval = 10, smtpReplyTimeout: TimeInterval = 30,
        smtpTimeout: TimeInterval = 60, smtpMinimumSpeed: Int = 10_240
    ) {
        self.worker = worker
        self.smtpConnectTimeout = smtpConnectTimeout
        self.smtpReplyTimeout = smtpReplyTimeout
        self.smtpTimeout = smtpTimeout
        self.smtpMinimumSpeed = smtpMinimumSpeed
    }

    public init(environment: [String: String]) throws(DeliveryConfigurationError) {
        let reader = EnvironmentReader(environment)
        let retry = RetryPolicy(
            firstDelay: try reader.seconds("HERALD_RETRY_FIRST_DELAY", default: 30),
            maxDelay: try reader.seconds("HERALD_RETRY_MAX_DELAY", default: 3600),
            maxAttempts: try reader.integer("HERALD_RETRY_MAX_ATTEMPTS", default: 10, range: 1...1000),
            maxAge: try reader.seconds("HERALD_RETRY_MAX_AGE", default: 2 * 86400))
        worker = WorkerOptions(
            concurrency: try reader.integer("HERALD_DELIVERY_CONCURRENCY", default: 4, range: 1...64), retry: retry,
            retention: try reader.seconds("HERALD_SPOOL_RETENTION", default: 7 * 86400),
            stallAfter: try reader.seconds("HERALD_DELIVERY_STALL_AFTER", default: 10, positive: true),
            maxStalled: try reader.integer("HERALD_DELIVERY_MAX_STALLED", default: 8, range: 0...256))
        smtpConnectTimeout = try reader.seconds("HERALD_SMTP_CONNECT_TIMEOUT", default: 10, positive: true)
        smtpReplyTimeout = try reader.seconds("HERALD_SMTP_REPLY_TIMEOUT", default: 30, positive: true)
        smtpTimeout = try reader.seconds("HERALD_SMTP_TIMEOUT", default: 60, positive: true)
        smtpMinimumSpeed = try reader.integer("HERALD_SMTP_MIN_SPEED", default: 10_240, range: 1...1_000_000_000)
    }

    /// `configuration` with this tuning's timeouts and one pooled connection per worker thread.
    public func applied(to configuration: SMTPConfiguration) -> SMTPConfiguration {
        var tuned = configuration
        tuned.connectTimeout = smtpConnectTimeout
        tuned.replyTimeout = smtpReplyTimeout
        tuned.timeout = smtpTimeout
        tuned.minimumSpeed = smtpMinimumSpeed
        tuned.poolSize = worker.concurrency
        return tuned
    }
}
