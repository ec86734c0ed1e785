import Delivery
import Messages

/// One setting of README "Configuration", declared once: its flag, its `HERALD_*` variable, its
/// default and its help line. `HeraldConfiguration.load` reads it, the `herald` command line parses its
/// flag, and every command's `--help` shows it, all from this one declaration.
public struct ConfigurationSetting: Hashable, Sendable, CaseIterable {
    /// The flag, without its leading `--`.
    public let flag: String
    /// How `--help` names the value, e.g. `HOST:PORT`.
    public let valueName: String
    /// The text parsed (by the same rules as a given value) when neither the flag nor the variable is set.
    public let defaultValue: String?
    /// How `--help` shows the default: `defaultValue`, or what happens without one.
    public let defaultDescription: String
    public let help: String

    init(_ flag: String, _ valueName: String, default defaultValue: String?, shown: String? = nil, _ help: String) {
        self.flag = flag
        self.valueName = valueName
        self.defaultValue = defaultValue
        self.defaultDescription = shown ?? defaultValue ?? "none"
        self.help = help
    }

    /// `HERALD_` followed by the flag in upper snake case, e.g. `HERALD_SMTP_URL`.
    public var environmentVariable: String {
        "HERALD_" + flag.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// How error messages name it: `HERALD_LISTEN (--listen)`.
    public var label: String { "\(environmentVariable) (--\(flag))" }

    // MARK: The HTTP service (`herald serve`)

    public static let listen = Self("listen", "HOST:PORT", default: "127.0.0.1:8025",
                                    "IPv4 address and port to listen on; port 0 picks a free one (logged in `started`)")
    public static let apiToken = Self("api-token", "TOKEN", default: nil, shown: "none (no authentication)",
                                      "bearer token the API requires (flags show in `ps`: prefer --api-token-file)")
    public static let apiTokenFile = Self("api-token-file", "FILE", default: nil, "file holding the API token on one line")
    public static let previews = Self("previews", "on|off", default: nil, shown: "on when listening on 127.x, else off",
                                      "serve the preview pages")
    public static let previewsDir = Self("previews-dir", "DIR", default: "./Previews", "preview sample contexts")
    public static let eventLoops = Self("event-loops", "COUNT", default: nil, shown: "the number of cores",
                                        "HTTP event-loop threads, each serving its share of the connections (1-256)")

    // MARK: Composing mail (`serve`, `send`, `render`)

    public static let templates = Self("templates", "DIR", default: "./Templates", "message templates")
    public static let from = Self("from", "ADDRESS", default: "Herald <no-reply@localhost>",
                                  "sender of every message: \"Name <address>\" or an address")
    public static let brandName = Self("brand-name", "TEXT", default: nil, shown: "sample: \(Brand.sample.name)", "brand name (one line)")
    public static let brandURL = Self("brand-url", "URL", default: nil, shown: "sample: \(Brand.sample.url)", "brand site, an absolute http(s) URL")
    public static let brandLogoURL = Self("brand-logo-url", "URL", default: nil, shown: "sample: \(Brand.sample.logoURL)",
                                          "hosted logo image, an absolute http(s) URL")
    public static let supportEmail = Self("support-email", "ADDRESS", default: nil, shown: "sample: \(Brand.sample.supportEmail)",
                                          "support address shown in messages")
    public static let brandAddress = Self("brand-address", "TEXT", default: nil, shown: "sample: \(Brand.sample.postalAddress)",
                                          "postal / legal line of the footer (one line)")
    public static let brandReplyTo = Self("brand-reply-to", "ADDRESS", default: nil, shown: "the support address",
                                          "Reply-To of every message: \"Name <address>\" or an address")
    public static let messageIDDomain = Self("message-id-domain", "DOMAIN", default: nil, shown: "the sender's domain",
                                             "domain of every Message-ID (<id@DOMAIN>)")
    public static let dkimDomain = Self("dkim-domain", "DOMAIN", default: nil, shown: "none (mail is not DKIM-signed)",
                                        "DKIM signing domain (d=), the sender's domain or a parent of it")
    public static let dkimSelector = Self("dkim-selector", "NAME[,NAME]", default: nil,
                                          "DKIM selectors (s=), one signature each; one key file per selector")
    public static let dkimKeyFile = Self("dkim-key-file", "FILE[,FILE]", default: nil,
                                         "PEM RSA private keys (2048 bits or more), in the order of the selectors")

    // MARK: The spool and its transport (`serve`, `send`, `deliver`)

    public static let transport = Self("transport", "outbox|smtp", default: "outbox", "how spooled messages are delivered")
    public static let outbox = Self("outbox", "FILE", default: "./var/outbox.jsonl", "JSON-lines file the outbox transport appends to")
    public static let store = Self("store", "sqlite:PATH|postgres://…", default: StoreLocation.standard.description,
                                   "where the spool keeps messages: an SQLite database (`sqlite:PATH` or a bare path), or a PostgreSQL URI postgres://user@host:port/dbname?sslmode=… that several instances share")
    /// The password for the PostgreSQL store's user, read from a file (secrets stay off the command line).
    public static let storePasswordFile = Self("store-password-file", "FILE", default: nil,
                                               "file holding the password for the PostgreSQL store's user, on one line")
    public static let storeLease = Self("store-lease", "SECONDS", default: "30",
                                        "PostgreSQL: how long a claimed message stays an instance's without renewal; then another recovers it")
    public static let spoolCapacity = Self("spool-capacity", "COUNT", default: String(Spool.defaultCapacity),
                                           "unfinished messages the spool holds; more are refused")
    public static let smtpURL = Self("smtp-url", "URL", default: nil, shown: "none (required for smtp)",
                                     "smtp://user@host:587 (STARTTLS required), smtps://host:465, ?starttls=opportunistic for a local relay")
    public static let smtpCAFile = Self("smtp-ca-file", "FILE", default: nil, shown: "system trust store",
                                        "extra CA bundle (PEM) to trust; must be readable")
    /// The password for the user in the SMTP URL, read from a file (secrets stay off the command line).
    public static let smtpPasswordFile = Self("smtp-password-file", "FILE", default: nil,
                                              "file holding the password for the SMTP URL's user, on one line")
    public static let smtpConnectTimeout = Self("smtp-connect-timeout", "SECONDS", default: "10",
                                                "most the connection may take to be ready (TCP, TLS, greeting, EHLO, AUTH)")
    public static let smtpReplyTimeout = Self("smtp-reply-timeout", "SECONDS", default: "30", "most any one server reply may take")
    public static let smtpTimeout = Self("smtp-timeout", "SECONDS", default: "60",
                                         "most a whole send of a small message may take (larger ones get more)")
    public static let smtpMinSpeed = Self("smtp-min-speed", "BYTES/S", default: "10240",
                                          "upload speed below which a slow upload is abandoned")
    public static let deliveryConcurrency = Self("delivery-concurrency", "COUNT", default: "4",
                                                 "messages delivered at once, and SMTP connections (1-64)")
    public static let deliveryStallAfter = Self("delivery-stall-after", "SECONDS", default: "10",
                                                "an attempt running this long is set aside for a new thread")
    public static let deliveryMaxStalled = Self("delivery-max-stalled", "COUNT", default: "8", "most attempts set aside at once (0-256)")
    public static let retryFirstDelay = Self("retry-first-delay", "SECONDS", default: "30", "delay before the first retry")
    public static let retryMaxDelay = Self("retry-max-delay", "SECONDS", default: "3600", "longest delay between retries")
    public static let retryMaxAttempts = Self("retry-max-attempts", "COUNT", default: "10", "attempts in all, the first included (1-1000)")
    public static let retryMaxAge = Self("retry-max-age", "SECONDS", default: "172800", "no retry later than this after the message was created")
    public static let spoolRetention = Self("spool-retention", "SECONDS", default: "604800", "how long finished messages stay queryable")

    // MARK: Webhooks (`serve`, `send`, `deliver`: every command that stores events queues their deliveries)

    public static let webhookURL = Self("webhook-url", "URL[,URL]", default: nil, shown: "none (no webhooks)",
                                        "http(s) endpoints every subscribed event is POSTed to, signed (Standard Webhooks)")
    public static let webhookSecret = Self("webhook-secret", "whsec_…", default: nil, shown: "none (required with a URL)",
                                           "signing key: whsec_ and at least 24 bytes in base64 (flags show in `ps`: prefer the file)")
    public static let webhookSecretFile = Self("webhook-secret-file", "FILE", default: nil, "file holding the signing key (whsec_…) on one line")
    public static let webhookEvents = Self("webhook-events", "TYPE[,TYPE]", default: nil, shown: "all but message.accepted",
                                           "event types delivered: message.accepted, .sent, .failed, .unknown, .cancelled, .retrying, .resubmitted")
    public static let webhookTimeout = Self("webhook-timeout", "SECONDS", default: String(Int(WebhookOptions.defaultTimeout)),
                                            "most one webhook request may take, connecting included; then it is retried")
    public static let webhookRetrySchedule = Self("webhook-retry-schedule", "SECONDS[,SECONDS]",
                                                  default: WebhookRetrySchedule.defaultDelays.map { String(Int($0)) }.joined(separator: ","),
                                                  "delays before each retry of a webhook not answered 2xx; the last repeats")
    public static let webhookMaxAge = Self("webhook-max-age", "SECONDS", default: String(Int(WebhookRetrySchedule.defaultMaxAge)),
                                           "a webhook not delivered this long after its event is given up")

    /// What `herald serve` alone reads.
    public static let service: [Self] = [.listen, .eventLoops, .apiToken, .apiTokenFile, .previews, .previewsDir]
    /// What every command that composes mail reads, so `serve`, `send` and `render` validate alike.
    public static let composition: [Self] = [
        .templates, .from, .brandName, .brandURL, .brandLogoURL, .supportEmail, .brandAddress, .brandReplyTo, .messageIDDomain,
        .dkimDomain, .dkimSelector, .dkimKeyFile,
    ]
    /// What every command that opens the spool reads, so `serve`, `send` and `deliver` deliver alike.
    public static let delivery: [Self] = [
        .transport, .outbox, .store, .storePasswordFile, .storeLease, .spoolCapacity, .smtpURL, .smtpCAFile, .smtpPasswordFile,
        .smtpConnectTimeout, .smtpReplyTimeout, .smtpTimeout, .smtpMinSpeed,
        .deliveryConcurrency, .deliveryStallAfter, .deliveryMaxStalled,
        .retryFirstDelay, .retryMaxDelay, .retryMaxAttempts, .retryMaxAge, .spoolRetention,
        .webhookURL, .webhookSecret, .webhookSecretFile, .webhookEvents, .webhookTimeout, .webhookRetrySchedule, .webhookMaxAge,
    ]

    public static let allCases: [Self] = service + composition + delivery
}
