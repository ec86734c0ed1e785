import Delivery
import Foundation

/// The effective configuration of `herald serve` (README "Configuration"): defaults, overridden by
/// `HERALD_*` environment variables, overridden by command-line flags.
public struct HeraldConfiguration: Sendable, Equatable {
    public enum TransportKind: String, Sendable, Equatable {
        case outbox
        case smtp
    }

    public var listenHost: String
    public var listenPort: Int
    public var transport: TransportKind
    public var outboxPath: String
    public var spoolPath: String
    /// Unfinished messages the spool holds before `POST /v1/messages` answers `503 spool_full`.
    public var spoolCapacity: Int
    /// Parsed and checked by Delivery's own parser, so the service and the transport agree.
    public var smtp: SMTPConfiguration?
    public var smtpCAFile: String?
    /// Where the SMTP password was read from, if from a file (the path is shown at startup, never the password).
    public var smtpPasswordFile: String?
    /// Worker threads, retries, retention and SMTP timeouts (environment only).
    public var delivery: DeliveryTuning
    public var from: SenderAddress
    public var apiToken: String?
    /// Where the API token was read from, if from a file.
    public var apiTokenFile: String?
    public var previewsEnabled: Bool
    public var templatesPath: String
    public var previewsPath: String
    /// Brand values every template can use; nil keeps the catalog's sample brand value.
    public var brandName: String?
    public var brandURL: String?
    public var brandLogoURL: String?
    public var supportEmail: String?
    public var brandAddress: String?

    /// One line's worth of the configuration with secrets masked, for the startup log.
    public var masked: [(String, String)] {
        [
            ("listen", "\(listenHost):\(listenPort)"),
            ("transport", transport.rawValue),
            ("outbox", outboxPath),
            ("spool", spoolPath),
            ("spoolCapacity", String(spoolCapacity)),
            ("smtpURL", smtp?.description ?? "none"),
            ("smtpCAFile", smtpCAFile ?? "system trust store"),
            ("smtpPasswordFile", smtpPasswordFile ?? "none"),
            ("deliveryConcurrency", String(delivery.worker.concurrency)),
            ("retryMaxAttempts", String(delivery.worker.retry.maxAttempts)),
            ("from", from.description),
            ("apiToken", apiToken == nil ? "none" : "***"),
            ("apiTokenFile", apiTokenFile ?? "none"),
            ("previews", previewsEnabled ? "on" : "off"),
            ("templates", templatesPath),
            ("previewsDir", previewsPath),
            ("brandName", brandName ?? "sample"),
            ("brandURL", brandURL ?? "sample"),
            ("brandLogoURL", brandLogoURL ?? "sample"),
            ("supportEmail", supportEmail ?? "sample"),
            ("brandAddress", brandAddress ?? "sample"),
        ]
    }
}
