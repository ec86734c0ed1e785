import Delivery
import Foundation

extension HeraldConfiguration {
    /// Reads every setting (flag first, then environment, then default) and validates all of them,
    /// reporting every problem at once.
    ///
    /// - Parameters:
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    ///   - flags: flag name (without `--`) to value, from the command line.
    public static func load(environment: [String: String], flags: [String: String] = [:]) throws(ConfigurationErrors) -> HeraldConfiguration {
        var errors: [ConfigurationError] = []
        func value(_ setting: ConfigurationSetting) -> String? {
            let raw = flags[setting.flag] ?? environment[setting.environmentVariable]
            return raw?.isEmpty == true ? nil : raw
        }
        func attempt<T>(_ body: () throws(ConfigurationError) -> T) -> T? {
            do { return try body() } catch {
                errors.append(error)
                return nil
            }
        }

        let listen = attempt { () throws(ConfigurationError) in try parseListen(value(.listen) ?? "127.0.0.1:8025") }
        let transport = attempt { () throws(ConfigurationError) -> TransportKind in
            let text = value(.transport) ?? "outbox"
            guard let kind = TransportKind(rawValue: text) else {
                throw ConfigurationError(.transport, "expected outbox or smtp, got \"\(text)\"")
            }
            return kind
        }
        let spoolCapacity = attempt { () throws(ConfigurationError) -> Int in
            guard let text = value(.spoolCapacity) else { return Spool.defaultCapacity }
            guard let capacity = Int(text), capacity > 0 else {
                throw ConfigurationError(.spoolCapacity, "expected a positive integer (unfinished messages), got \"\(text)\"")
            }
            return capacity
        }
        let caFile = value(.smtpCAFile)
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            errors.append(ConfigurationError(.smtpCAFile, "no readable file at \(caFile)"))
        }
        let smtpPasswordFile = value(.smtpPasswordFile)
        let smtpPassword = smtpPasswordFile.flatMap { path in attempt { () throws(ConfigurationError) in try secret(in: path, .smtpPasswordFile) } }
        let smtp = value(.smtpURL).flatMap { text in
            attempt { () throws(ConfigurationError) in
                do {
                    return try SMTPConfiguration(url: text, caFile: caFile, password: smtpPassword)
                } catch {
                    throw ConfigurationError(.smtpURL, String(describing: error).replacingOccurrences(of: "HERALD_SMTP_URL: ", with: ""))
                }
            }
        }
        if transport == .smtp && value(.smtpURL) == nil {
            errors.append(ConfigurationError(.smtpURL, "is required when the transport is smtp (smtp://user:pass@host:587 or smtps://host:465)"))
        }
        let from = attempt { () throws(ConfigurationError) in try SenderAddress(parsing: value(.from) ?? "Herald <no-reply@localhost>") }
        let loopback = listen?.host.hasPrefix("127.") ?? true
        let previews = attempt { () throws(ConfigurationError) -> Bool in
            guard let text = value(.previews) else { return loopback }
            switch text.lowercased() {
            case "on", "true", "1", "yes": return true
            case "off", "false", "0", "no": return false
            default: throw ConfigurationError(.previews, "expected on or off, got \"\(text)\"")
            }
        }
        let brandURL = value(.brandURL).flatMap { text in attempt { () throws(ConfigurationError) in try absoluteURL(text, .brandURL) } }
        let logoURL = value(.brandLogoURL).flatMap { text in attempt { () throws(ConfigurationError) in try absoluteURL(text, .brandLogoURL) } }
        let supportEmail = value(.supportEmail)
        if let supportEmail, supportEmail.split(separator: "@").count != 2 || supportEmail.contains(where: { $0.isWhitespace || $0.isNewline }) {
            errors.append(ConfigurationError(.supportEmail, "expected an address like support@example.com, got \"\(supportEmail)\""))
        }
        for setting in [ConfigurationSetting.brandName, .brandAddress] where value(setting)?.contains(where: \.isNewline) == true {
            errors.append(ConfigurationError(setting, "must be one line"))
        }
        // Worker threads, retries, retention and SMTP timeouts have no flags: Delivery's own parser
        // reads them, so serve, send and deliver agree.
        let delivery = attempt { () throws(ConfigurationError) -> DeliveryTuning in
            do throws(DeliveryConfigurationError) {
                return try DeliveryTuning(environment: environment)
            } catch {
                throw ConfigurationError(environmentOnly: error.description)
            }
        }
        let apiTokenFile = value(.apiTokenFile)
        var token = value(.apiToken)
        if let apiTokenFile {
            if token != nil {
                errors.append(ConfigurationError(.apiTokenFile, "give the token or a file holding it, not both (\(ConfigurationSetting.apiToken.label) is set too)"))
            } else {
                token = attempt { () throws(ConfigurationError) in try secret(in: apiTokenFile, .apiTokenFile) }
            }
        }
        if let token, token.contains(where: { $0.isWhitespace || $0.isNewline }) {
            errors.append(ConfigurationError(apiTokenFile == nil ? .apiToken : .apiTokenFile, "must not contain spaces or line breaks"))
        }

        guard errors.isEmpty, let listen, let transport, let spoolCapacity, let from, let previews, let delivery else {
            throw ConfigurationErrors(errors: errors)
        }
        return HeraldConfiguration(
            listenHost: listen.host, listenPort: listen.port, transport: transport,
            outboxPath: value(.outbox) ?? "./var/outbox.jsonl", spoolPath: value(.spool) ?? "./var/spool", spoolCapacity: spoolCapacity,
            smtp: smtp.map { delivery.applied(to: $0) }, smtpCAFile: caFile, smtpPasswordFile: smtpPasswordFile, delivery: delivery, from: from,
            apiToken: token, apiTokenFile: apiTokenFile, previewsEnabled: previews,
            templatesPath: value(.templates) ?? "./Templates", previewsPath: value(.previewsDir) ?? "./Previews",
            brandName: value(.brandName), brandURL: brandURL, brandLogoURL: logoURL, supportEmail: supportEmail,
            brandAddress: value(.brandAddress))
    }

    /// `HOST:PORT` with an IPv4 host (`localhost` means 127.0.0.1) and a port 0–65535.
    static func parseListen(_ text: String) throws(ConfigurationError) -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":") else {
            throw ConfigurationError(.listen, "expected HOST:PORT such as 127.0.0.1:8025, got \"\(text)\"")
        }
        var host = String(text[..<colon])
        if host == "localhost" { host = "127.0.0.1" }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && (Int($0) ?? 256) <= 255 }) else {
            throw ConfigurationError(.listen, "host must be an IPv4 address such as 127.0.0.1 or 0.0.0.0, got \"\(host)\"")
        }
        guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw ConfigurationError(.listen, "port must be a number from 0 to 65535, got \"\(text[text.index(after: colon)...])\"")
        }
        return (host, port)
    }

    /// The secret in the file at `path` (Delivery's reader: one line, trailing line break trimmed).
    private static func secret(in path: String, _ setting: ConfigurationSetting) throws(ConfigurationError) -> String {
        do {
            return try SecretFile.read(path)
        } catch {
            throw ConfigurationError(setting, error.description)
        }
    }

    private static func absoluteURL(_ text: String, _ setting: ConfigurationSetting) throws(ConfigurationError) -> String {
        guard let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host?.isEmpty == false else {
            throw ConfigurationError(setting, "expected an absolute http(s) URL, got \"\(text)\"")
        }
        return text
    }
}
