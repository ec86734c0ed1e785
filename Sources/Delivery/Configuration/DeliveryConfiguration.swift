import Foundation
import HeraldLogging

/// Delivery settings from the environment (README "Configuration"), with defaults that need no mail server.
///
/// | variable | default |
/// |---|---|
/// | `HERALD_TRANSPORT` | `outbox` (or `smtp`) |
/// | `HERALD_OUTBOX` | `./var/outbox.jsonl` |
/// | `HERALD_SPOOL` | `./var/spool` |
/// | `HERALD_SPOOL_CAPACITY` | `100000` unfinished messages; more are refused (`SpoolError.full`) |
/// | `HERALD_SMTP_URL`, `HERALD_SMTP_CA_FILE` | —, system trust store |
/// | `HERALD_SMTP_PASSWORD_FILE` | — (the password for the URL's user, from a file) |
/// | `HERALD_SMTP_CONNECT_TIMEOUT`, `HERALD_SMTP_REPLY_TIMEOUT`, `HERALD_SMTP_TIMEOUT` | `10`, `30`, `60` seconds |
/// | `HERALD_SMTP_MIN_SPEED` | `10240` bytes/s (uploads; larger messages get more time) |
/// | `HERALD_DELIVERY_CONCURRENCY` | `4` messages at once (and SMTP connections) |
/// | `HERALD_DELIVERY_STALL_AFTER`, `HERALD_DELIVERY_MAX_STALLED` | `10` seconds, `8` attempts set aside |
/// | `HERALD_RETRY_FIRST_DELAY`, `HERALD_RETRY_MAX_DELAY` | `30`, `3600` seconds |
/// | `HERALD_RETRY_MAX_ATTEMPTS`, `HERALD_RETRY_MAX_AGE` | `10`, `172800` seconds (2 days) |
/// | `HERALD_SPOOL_RETENTION` | `604800` seconds (7 days) for finished messages |
public struct DeliveryConfiguration: Sendable, Hashable {
    public enum TransportChoice: Sendable, Hashable {
        case outbox(path: String)
        case smtp(SMTPConfiguration)
    }

    public var transport: TransportChoice
    public var spoolDirectory: String
    public var spoolCapacity: Int
    public var worker: WorkerOptions

    public init(
        transport: TransportChoice, spoolDirectory: String, spoolCapacity: Int = Spool.defaultCapacity, worker: WorkerOptions = WorkerOptions()
    ) {
        self.transport = transport
        self.spoolDirectory = spoolDirectory
        self.spoolCapacity = spoolCapacity
        self.worker = worker
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) throws(DeliveryConfigurationError) {
        let reader = EnvironmentReader(environment)
        let tuning = try DeliveryTuning(environment: environment)
        worker = tuning.worker
        spoolDirectory = reader.string("HERALD_SPOOL") ?? "./var/spool"
        spoolCapacity = try reader.positiveInteger("HERALD_SPOOL_CAPACITY", default: Spool.defaultCapacity)
        switch reader.string("HERALD_TRANSPORT") ?? "outbox" {
        case "outbox":
            transport = .outbox(path: reader.string("HERALD_OUTBOX") ?? "./var/outbox.jsonl")
        case "smtp":
            guard let url = reader.string("HERALD_SMTP_URL") else { throw .missing("HERALD_SMTP_URL", because: "HERALD_TRANSPORT=smtp") }
            let password = try reader.secretFile("HERALD_SMTP_PASSWORD_FILE")
            do throws(SMTPConfigurationError) {
                let smtp = try SMTPConfiguration(url: url, caFile: reader.string("HERALD_SMTP_CA_FILE"), password: password)
                transport = .smtp(tuning.applied(to: smtp))
            } catch {
                throw .smtp(error)
            }
        case let other:
            throw .invalid("HERALD_TRANSPORT", value: other, expected: "outbox or smtp")
        }
    }

    public func makeTransport() -> any Transport {
        switch transport {
        case .outbox(let path): OutboxTransport(path: path)
        case .smtp(let configuration): SMTPTransport(configuration: configuration)
        }
    }

    /// The spool in `spoolDirectory`, delivering through the configured transport.
    public func openSpool(log: HeraldLog, onAttempt: AttemptObserver? = nil) throws(SpoolError) -> Spool {
        try Spool(directory: spoolDirectory, transport: makeTransport(), capacity: spoolCapacity, options: worker, log: log, onAttempt: onAttempt)
    }

    /// The effective settings for the startup log line, secrets masked.
    public var summary: [String: String] {
        var summary = [
            "spool": spoolDirectory, "spoolCapacity": String(spoolCapacity), "concurrency": String(worker.concurrency),
            "retryMaxAttempts": String(worker.retry.maxAttempts), "retryFirstDelay": String(worker.retry.firstDelay),
        ]
        switch transport {
        case .outbox(let path):
            summary["transport"] = "outbox"
            summary["outbox"] = path
        case .smtp(let configuration):
            summary["transport"] = "smtp"
            summary["smtp"] = configuration.description
        }
        return summary
    }
}
