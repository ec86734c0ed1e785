import Foundation

/// The delivery settings only the environment sets (worker threads, retries, retention, SMTP
/// timeouts), read by one parser so `herald serve`, `send` and `deliver` behave alike.
///
/// | variable | default |
/// |---|---|
/// | `HERALD_DELIVERY_CONCURRENCY` | 4 (1–64) |
/// | `HERALD_RETRY_FIRST_DELAY` / `HERALD_RETRY_MAX_DELAY` | 30 s / 3600 s |
/// | `HERALD_RETRY_MAX_ATTEMPTS` / `HERALD_RETRY_MAX_AGE` | 10 / 2 days |
/// | `HERALD_SPOOL_RETENTION` | 7 days |
/// | `HERALD_SMTP_CONNECT_TIMEOUT` / `HERALD_SMTP_TIMEOUT` | 10 s / 60 s |
public struct DeliveryTuning: Sendable, Hashable {
    public var worker: WorkerOptions
    public var smtpConnectTimeout: TimeInterval
    public var smtpTimeout: TimeInterval

    public init(worker: WorkerOptions = WorkerOptions(), smtpConnectTimeout: TimeInterval = 10, smtpTimeout: TimeInterval = 60) {
        self.worker = worker
        self.smtpConnectTimeout = smtpConnectTimeout
        self.smtpTimeout = smtpTimeout
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
            retention: try reader.seconds("HERALD_SPOOL_RETENTION", default: 7 * 86400))
        smtpConnectTimeout = try reader.seconds("HERALD_SMTP_CONNECT_TIMEOUT", default: 10)
        smtpTimeout = try reader.seconds("HERALD_SMTP_TIMEOUT", default: 60)
    }

    /// `configuration` with this tuning's timeouts and one pooled connection per worker thread.
    public func applied(to configuration: SMTPConfiguration) -> SMTPConfiguration {
        var tuned = configuration
        tuned.connectTimeout = smtpConnectTimeout
        tuned.timeout = smtpTimeout
        tuned.poolSize = worker.concurrency
        return tuned
    }
}
