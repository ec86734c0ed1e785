/// One configuration setting: its environment variable and its `herald serve` flag.
public enum ConfigurationSetting: String, CaseIterable, Sendable {
    case listen, transport, outbox, spool
    case spoolCapacity = "spool-capacity"
    case smtpURL = "smtp-url"
    case smtpCAFile = "smtp-ca-file"
    /// The password for the user in the SMTP URL, read from a file (secrets stay off the command line).
    case smtpPasswordFile = "smtp-password-file"
    case from
    case apiToken = "api-token"
    /// The API token read from a file (secrets stay off the command line).
    case apiTokenFile = "api-token-file"
    case previews, templates
    case previewsDir = "previews-dir"
    case brandName = "brand-name"
    case brandURL = "brand-url"
    case brandLogoURL = "brand-logo-url"
    case supportEmail = "support-email"
    case brandAddress = "brand-address"

    /// The flag, without its leading `--`.
    public var flag: String { rawValue }

    /// `HERALD_` followed by the flag in upper snake case, e.g. `HERALD_SMTP_URL`.
    public var environmentVariable: String {
        "HERALD_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// How error messages name it: `HERALD_LISTEN (--listen)`.
    public var label: String { "\(environmentVariable) (--\(flag))" }
}
