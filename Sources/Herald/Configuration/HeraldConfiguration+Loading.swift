import DKIM
import Delivery
import Foundation
import Messages

extension HeraldConfiguration {
    /// Reads `settings` (flag first, then environment variable, then default; an empty value counts
    /// as unset) and validates all of them, reporting every problem at once. Settings not in
    /// `settings` keep their defaults, so a command is never refused over a setting it does not use.
    ///
    /// - Parameters:
    ///   - environment: the process's environment unless a test gives another.
    ///   - flags: a setting's flag (without `--`) to its value, from the command line.
    ///   - settings: what the command uses; every setting by default, as `herald serve` uses them all.
    public static func load(
        environment: [String: String] = ProcessInfo.processInfo.environment, flags: [String: String] = [:],
        reading settings: [ConfigurationSetting] = ConfigurationSetting.allCases
    ) throws(ConfigurationErrors) -> HeraldConfiguration {
        let read = Set(settings)
        var errors: [ConfigurationError] = []
        /// The value the operator gave, nil when unset or not read.
        func given(_ setting: ConfigurationSetting) -> String? {
            guard read.contains(setting), let raw = flags[setting.flag] ?? environment[setting.environmentVariable], !raw.isEmpty else {
                return nil
            }
            return raw
        }
        func attempt<T>(_ body: () throws(ConfigurationError) -> T) -> T? {
            do { return try body() } catch {
                errors.append(error)
                return nil
            }
        }
        /// The given value or else the default, parsed by `parse`; nil when invalid (recorded) or when there is neither.
        func parsed<T>(_ setting: ConfigurationSetting, _ parse: (String) throws(ConfigurationError) -> T) -> T? {
            guard let text = given(setting) ?? setting.defaultValue else { return nil }
            return attempt { () throws(ConfigurationError) in try parse(text) }
        }
        func integer(_ setting: ConfigurationSetting, in range: ClosedRange<Int>) -> Int? {
            parsed(setting) { text throws(ConfigurationError) in try setting.integer(text, in: range) }
        }
        func seconds(_ setting: ConfigurationSetting, positive: Bool = false) -> TimeInterval? {
            parsed(setting) { text throws(ConfigurationError) in try setting.seconds(text, positive: positive) }
        }
        /// A path's value: given, else its default (every path setting has one).
        func path(_ setting: ConfigurationSetting) -> String { given(setting) ?? setting.defaultValue ?? "" }

        let listen = parsed(.listen, parseListen)
        let eventLoops = integer(.eventLoops, in: 1...256)
        let transport = parsed(.transport) { text throws(ConfigurationError) -> String in
            guard text == "outbox" || text == "smtp" else { throw ConfigurationError(.transport, "expected outbox or smtp, got \"\(text)\"") }
            return text
        }
        let storePassword = parsed(.storePasswordFile) { path throws(ConfigurationError) in
            try ConfigurationSetting.storePasswordFile.secret(inFile: path)
        }
        let store = parsed(.store) { text throws(ConfigurationError) -> StoreLocation in
            let location: StoreLocation
            do throws(StoreLocationError) { location = try StoreLocation(parsing: text) } catch { throw ConfigurationError(.store, error.description) }
            guard let storePassword else { return location }
            guard case .postgres(var database) = location else {
                throw ConfigurationError(.storePasswordFile, "applies to a PostgreSQL store only (HERALD_STORE=postgres://…)")
            }
            guard database.password == nil else {
                throw ConfigurationError(.store, "\"\(database)\": has a password, and HERALD_STORE_PASSWORD_FILE gives one too; keep only the file")
            }
            database.password = storePassword
            return .postgres(database)
        }
        let storeLease = seconds(.storeLease, positive: true)
        let spoolCapacity = parsed(.spoolCapacity) { text throws(ConfigurationError) -> Int in
            guard let capacity = Int(text), capacity > 0 else {
                throw ConfigurationError(.spoolCapacity, "expected a positive integer (unfinished messages), got \"\(text)\"")
            }
            return capacity
        }
        let concurrency = integer(.deliveryConcurrency, in: 1...64)
        let stallAfter = seconds(.deliveryStallAfter, positive: true)
        let maxStalled = integer(.deliveryMaxStalled, in: 0...256)
        let firstDelay = seconds(.retryFirstDelay)
        let maxDelay = seconds(.retryMaxDelay)
        let maxAttempts = integer(.retryMaxAttempts, in: 1...1000)
        let maxAge = seconds(.retryMaxAge)
        let retention = seconds(.spoolRetention)
        let connectTimeout = seconds(.smtpConnectTimeout, positive: true)
        let replyTimeout = seconds(.smtpReplyTimeout, positive: true)
        let smtpTimeout = seconds(.smtpTimeout, positive: true)
        let minimumSpeed = integer(.smtpMinSpeed, in: 1...1_000_000_000)

        let caFile = given(.smtpCAFile)
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            errors.append(ConfigurationError(.smtpCAFile, "no readable file at \(caFile)"))
        }
        let smtpPasswordFile = given(.smtpPasswordFile)
        let smtpPassword = parsed(.smtpPasswordFile) { path throws(ConfigurationError) in try ConfigurationSetting.smtpPasswordFile.secret(inFile: path) }
        let smtp = parsed(.smtpURL) { text throws(ConfigurationError) -> SMTPConfiguration in
            do {
                return try SMTPConfiguration(url: text, caFile: caFile, password: smtpPassword)
            } catch {
                throw ConfigurationError(.smtpURL, String(describing: error).replacingOccurrences(of: "HERALD_SMTP_URL: ", with: ""))
            }
        }
        if transport == "smtp" && given(.smtpURL) == nil {
            errors.append(ConfigurationError(.smtpURL, "is required when the transport is smtp (smtp://user:pass@host:587 or smtps://host:465)"))
        }

        let from = parsed(.from) { text throws(ConfigurationError) in try SenderAddress(parsing: text) }
        let loopback = listen?.host.hasPrefix("127.") ?? true
        let previews: Bool? = if let text = given(.previews) {
            attempt { () throws(ConfigurationError) in try ConfigurationSetting.previews.onOff(text) }
        } else {
            loopback
        }
        let brandName = parsed(.brandName) { text throws(ConfigurationError) in try ConfigurationSetting.brandName.oneLine(text) }
        let brandAddress = parsed(.brandAddress) { text throws(ConfigurationError) in try ConfigurationSetting.brandAddress.oneLine(text) }
        let brandURL = parsed(.brandURL) { text throws(ConfigurationError) in try ConfigurationSetting.brandURL.absoluteURL(text) }
        let logoURL = parsed(.brandLogoURL) { text throws(ConfigurationError) in try ConfigurationSetting.brandLogoURL.absoluteURL(text) }
        let supportEmail = given(.supportEmail)
        if let supportEmail, supportEmail.split(separator: "@").count != 2 || supportEmail.contains(where: { $0.isWhitespace || $0.isNewline }) {
            errors.append(ConfigurationError(.supportEmail, "expected an address like support@example.com, got \"\(supportEmail)\""))
        }

        let brandReplyTo = parsed(.brandReplyTo) { text throws(ConfigurationError) in
            do throws(ConfigurationError) { return try SenderAddress(parsing: text) } catch { throw ConfigurationError(.brandReplyTo, error.problem) }
        }
        if given(.brandReplyTo) == nil, let supportEmail, !errors.contains(where: { $0.setting == .supportEmail }),
           let problem = AddressValidator.problem(with: supportEmail) {
            // The support address becomes every message's Reply-To: one the composer would refuse stops startup.
            errors.append(ConfigurationError(.supportEmail, "is the Reply-To of every message and \(problem)"))
        }
        let messageIDDomain = parsed(.messageIDDomain) { text throws(ConfigurationError) -> String in
            if let problem = MIMEComposer.domainProblem(text) { throw ConfigurationError(.messageIDDomain, problem) }
            return text
        }

        let dkim = dkimSigner(domain: given(.dkimDomain), selectors: given(.dkimSelector), keyFiles: given(.dkimKeyFile), errors: &errors)

        let apiTokenFile = given(.apiTokenFile)
        var token = given(.apiToken)
        if let apiTokenFile {
            if token != nil {
                errors.append(ConfigurationError(.apiTokenFile, "give the token or a file holding it, not both (\(ConfigurationSetting.apiToken.label) is set too)"))
            } else {
                token = attempt { () throws(ConfigurationError) in try ConfigurationSetting.apiTokenFile.secret(inFile: apiTokenFile) }
            }
        }
        if let token, token.contains(where: { $0.isWhitespace || $0.isNewline }) {
            errors.append(ConfigurationError(apiTokenFile == nil ? .apiToken : .apiTokenFile, "must not contain spaces or line breaks"))
        }

        let webhooks = webhookOptions(
            urls: given(.webhookURL), secret: given(.webhookSecret), secretFile: given(.webhookSecretFile), events: given(.webhookEvents),
            timeout: seconds(.webhookTimeout, positive: true), schedule: given(.webhookRetrySchedule) ?? ConfigurationSetting.webhookRetrySchedule.defaultValue,
            maxAge: seconds(.webhookMaxAge, positive: true), errors: &errors)

        let outboxPath = path(.outbox)
        let transportChoice: DeliveryConfiguration.TransportChoice? = switch transport {
        case "smtp": smtp.map { .smtp($0) }  // without one, its error is recorded above
        default: .outbox(path: outboxPath)
        }
        guard errors.isEmpty, let listen, let transportChoice, let store, let storeLease, let spoolCapacity, let from, let previews,
              let concurrency, let stallAfter, let maxStalled, let firstDelay, let maxDelay, let maxAttempts, let maxAge, let retention,
              let connectTimeout, let replyTimeout, let smtpTimeout, let minimumSpeed
        else {
            throw ConfigurationErrors(errors: errors)
        }
        let worker = WorkerOptions(
            concurrency: concurrency, retry: RetryPolicy(firstDelay: firstDelay, maxDelay: maxDelay, maxAttempts: maxAttempts, maxAge: maxAge),
            retention: retention, stallAfter: stallAfter, maxStalled: maxStalled, leaseDuration: storeLease)
        var delivery = DeliveryConfiguration(
            transport: transportChoice, store: store,
            spoolCapacity: spoolCapacity, worker: worker, webhooks: webhooks)
        if case .smtp(var relay) = transportChoice {
            relay.connectTimeout = connectTimeout
            relay.replyTimeout = replyTimeout
            relay.timeout = smtpTimeout
            relay.minimumSpeed = minimumSpeed
            relay.poolSize = concurrency  // one pooled connection per worker thread
            delivery.transport = .smtp(relay)
        }
        return HeraldConfiguration(
            listenHost: listen.host, listenPort: listen.port, eventLoops: eventLoops, delivery: delivery, outboxPath: outboxPath,
            smtpCAFile: caFile, smtpPasswordFile: smtpPasswordFile, from: from,
            apiToken: token, apiTokenFile: apiTokenFile, previewsEnabled: previews,
            templatesPath: path(.templates),
            previewsPath: path(.previewsDir),
            brandName: brandName, brandURL: brandURL, brandLogoURL: logoURL, supportEmail: supportEmail, brandAddress: brandAddress,
            brandReplyTo: brandReplyTo, messageIDDomain: messageIDDomain, dkim: dkim)
    }

    /// The DKIM signer of `HERALD_DKIM_DOMAIN`, `_SELECTOR` and `_KEY_FILE`: all three or none, as many
    /// key files as selectors, each key loaded (and refused when short, encrypted or not RSA) now, so a
    /// bad key stops startup instead of failing every message.
    static func dkimSigner(domain: String?, selectors: String?, keyFiles: String?, errors: inout [ConfigurationError]) -> DKIMSigner? {
        guard domain != nil || selectors != nil || keyFiles != nil else { return nil }
        guard let domain, let selectors, let keyFiles else {
            for (setting, value) in [(ConfigurationSetting.dkimDomain, domain), (.dkimSelector, selectors), (.dkimKeyFile, keyFiles)] where value == nil {
                errors.append(ConfigurationError(setting, "is required when any HERALD_DKIM_* setting is given"))
            }
            return nil
        }
        let names = selectors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let paths = keyFiles.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard names.count == paths.count else {
            errors.append(ConfigurationError(.dkimKeyFile, "gives \(paths.count) key file(s) for \(names.count) selector(s); give one per selector"))
            return nil
        }
        var keys: [DKIMSigner.Key] = []
        for (name, path) in zip(names, paths) {
            do {
                let pem = try SecretFile.read(path, multiline: true)
                keys.append(try DKIMSigner.Key(selector: name, privateKey: try DKIMPrivateKey(pem: pem)))
            } catch let problem as SecretFile.Problem {
                errors.append(ConfigurationError(.dkimKeyFile, problem.description))
            } catch let error as DKIMError {
                let setting: ConfigurationSetting = if case .invalidName = error { .dkimSelector } else { .dkimKeyFile }
                errors.append(ConfigurationError(setting, setting == .dkimKeyFile ? "\(path): \(error.description)" : error.description))
            } catch {
                errors.append(ConfigurationError(.dkimKeyFile, "\(path): \(error)"))
            }
        }
        guard keys.count == names.count else { return nil }
        do {
            return try DKIMSigner(domain: domain, keys: keys)
        } catch {
            errors.append(ConfigurationError(.dkimDomain, error.description))
            return nil
        }
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
}
