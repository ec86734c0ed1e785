import Foundation
import HeraldLogging

/// Where messages are spooled and how they are delivered: the part of Herald's configuration
/// (README "Configuration", read by Herald's `HeraldConfiguration`) that opens a spool, so
/// `herald serve`, `send` and `deliver` open it alike.
public struct DeliveryConfiguration: Sendable, Hashable {
    public enum TransportChoice: Sendable, Hashable {
        case outbox(path: String)
        case smtp(SMTPConfiguration)
    }

    public var transport: TransportChoice
    /// Where the spool's messages are kept (`HERALD_STORE`).
    public var store: StoreLocation
    public var spoolCapacity: Int
    public var worker: WorkerOptions
    /// Where events are POSTed (`HERALD_WEBHOOK_*`); nil when no webhook is configured.
    public var webhooks: WebhookOptions?

    public init(
        transport: TransportChoice, store: StoreLocation, spoolCapacity: Int = Spool.defaultCapacity, worker: WorkerOptions = WorkerOptions(),
        webhooks: WebhookOptions? = nil
    ) {
        self.transport = transport
        self.store = store
        self.spoolCapacity = spoolCapacity
        self.worker = worker
        self.webhooks = webhooks
    }

    /// `outbox` or `smtp`, as the setting names the transport.
    public var transportName: String {
        switch transport {
        case .outbox: "outbox"
        case .smtp: "smtp"
        }
    }

    public func makeTransport() -> any Transport {
        switch transport {
        case .outbox(let path): OutboxTransport(path: path)
        case .smtp(let configuration): SMTPTransport(configuration: configuration)
        }
    }

    /// The spool in `store`, delivering through the configured transport, which `wrapping`
    /// may wrap (the service counts attempts for its metrics).
    public func openSpool(
        log: HeraldLog, onAttempt: AttemptObserver? = nil, wrapping: (any Transport) -> any Transport = { $0 }
    ) throws(SpoolError) -> Spool {
        try Spool(
            location: store, transport: wrapping(makeTransport()), capacity: spoolCapacity, options: worker, log: log,
            onAttempt: onAttempt, webhooks: webhooks)
    }

    /// The effective settings for the startup log line, secrets masked.
    public var summary: [String: String] {
        var summary = [
            "store": store.description, "spoolCapacity": String(spoolCapacity), "concurrency": String(worker.concurrency),
            "retryMaxAttempts": String(worker.retry.maxAttempts), "retryFirstDelay": String(worker.retry.firstDelay),
            "transport": transportName,
            "webhooks": webhooks.map { $0.endpoints.map(WebhookOptions.redacted).joined(separator: ",") } ?? "none",
        ]
        switch transport {
        case .outbox(let path): summary["outbox"] = path
        case .smtp(let configuration): summary["smtp"] = configuration.description
        }
        return summary
    }
}
