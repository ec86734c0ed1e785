import DKIM
import Delivery
import Foundation

/// The effective configuration of every `herald` command (README "Configuration"): defaults,
/// overridden by `HERALD_*` environment variables, overridden by command-line flags. It is the only
/// reader of those variables; each command loads the settings it uses (`load(reading:)`), once.
public struct HeraldConfiguration: Sendable, Equatable {
    public var listenHost: String
    public var listenPort: Int
    /// `HERALD_EVENT_LOOPS`; nil runs one event loop per core.
    public var eventLoops: Int?
    /// The spool, its capacity, the worker's tuning and the transport it delivers through, as
    /// `serve`, `send` and `deliver` all open it.
    public var delivery: DeliveryConfiguration
    /// Where the outbox transport writes and `herald outbox` reads, whichever transport delivers.
    public var outboxPath: String
    public var smtpCAFile: String?
    /// Where the SMTP password was read from, if from a file (the path is shown at startup, never the password).
    public var smtpPasswordFile: String?
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
    /// `HERALD_BRAND_REPLY_TO`; nil replies to the support address.
    public var brandReplyTo: SenderAddress?
    /// `HERALD_MESSAGE_ID_DOMAIN`; nil uses the sender's domain.
    public var messageIDDomain: String?
    /// Signs every composed message when `HERALD_DKIM_*` are set; nil sends unsigned mail.
    public var dkim: DKIMSigner?

    /// The SMTP relay, when the transport is `smtp`.
    public var smtp: SMTPConfiguration? {
        if case .smtp(let smtp) = delivery.transport { smtp } else { nil }
    }

    /// True when the sender is still the default `no-reply@localhost` of `ConfigurationSetting.from`.
    public var usesSampleSender: Bool {
        from.email.lowercased().hasSuffix("@localhost")
    }

    /// One line's worth of the configuration with secrets masked, for the startup log.
    public var masked: [(String, String)] {
        [
            ("listen", "\(listenHost):\(listenPort)"),
            ("eventLoops", eventLoops.map(String.init) ?? "cores"),
            ("transport", delivery.transportName),
            ("outbox", outboxPath),
            ("store", delivery.store.description),
            ("spoolCapacity", String(delivery.spoolCapacity)),
            ("smtpURL", smtp?.description ?? "none"),
            ("smtpCAFile", smtpCAFile ?? "system trust store"),
            ("smtpPasswordFile", smtpPasswordFile ?? "none"),
            ("deliveryConcurrency", String(delivery.worker.concurrency)),
            ("retryMaxAttempts", String(delivery.worker.retry.maxAttempts)),
            ("webhooks", delivery.webhooks.map { $0.endpoints.map(WebhookOptions.redacted).joined(separator: ",") } ?? "none"),
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
            ("replyTo", replyTo.email),
            ("messageIDDomain", messageIDDomain ?? "sender's domain"),
            ("dkim", dkim.map { "d=\($0.domain) s=\($0.keys.map(\.selector).joined(separator: ","))" } ?? "off"),
        ]
    }
}
