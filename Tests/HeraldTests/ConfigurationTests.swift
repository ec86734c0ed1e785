import Delivery
import Foundation
import Testing
@testable import Herald

@Suite struct ConfigurationTests {
    @Test func defaultsRunWithoutAMailServer() throws {
        let configuration = try HeraldConfiguration.load(environment: [:])
        #expect(configuration.brandName == nil, "the catalog's sample brand")
        #expect(configuration.listenHost == "127.0.0.1")
        #expect(configuration.listenPort == 8025)
        #expect(configuration.delivery.transport == .outbox(path: "./var/outbox.jsonl"))
        #expect(configuration.outboxPath == "./var/outbox.jsonl")
        #expect(configuration.delivery.store == .sqlite(path: "./var/herald.db"))
        #expect(configuration.templatesPath == "./Templates")
        #expect(configuration.previewsPath == "./Previews")
        #expect(configuration.previewsEnabled)
        #expect(configuration.apiToken == nil)
        #expect(configuration.from.email == "no-reply@localhost")
        #expect(configuration.from.name == "Herald")
    }

    @Test func flagsOverrideEnvironment() throws {
        let configuration = try HeraldConfiguration.load(
            environment: ["HERALD_LISTEN": "127.0.0.1:9000", "HERALD_TRANSPORT": "outbox", "HERALD_API_TOKEN": "env"],
            flags: ["listen": "0.0.0.0:9100", "api-token": "flag"])
        #expect(configuration.listenHost == "0.0.0.0")
        #expect(configuration.listenPort == 9100)
        #expect(configuration.apiToken == "flag")
        #expect(!configuration.previewsEnabled, "previews default off off loopback")
    }

    @Test func reportsEveryProblemWithItsSettingName() {
        #expect {
            try HeraldConfiguration.load(environment: [
                "HERALD_LISTEN": "nowhere", "HERALD_TRANSPORT": "pigeon", "HERALD_PREVIEWS": "maybe",
                "HERALD_BRAND_URL": "ftp://x", "HERALD_FROM": "a\r\nBcc: x@y",
            ])
        } throws: { error in
            guard let errors = error as? ConfigurationErrors else { return false }
            let text = errors.description
            return errors.errors.count == 5 && text.contains("HERALD_LISTEN (--listen)") && text.contains("HERALD_TRANSPORT (--transport): expected outbox or smtp, got \"pigeon\"")
                && text.contains("HERALD_PREVIEWS") && text.contains("HERALD_BRAND_URL") && text.contains("HERALD_FROM")
        }
    }

    @Test func smtpNeedsAValidURLAndIsMasked() throws {
        #expect(throws: ConfigurationErrors.self) { try HeraldConfiguration.load(environment: ["HERALD_TRANSPORT": "smtp"]) }
        #expect(throws: ConfigurationErrors.self) {
            try HeraldConfiguration.load(environment: ["HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "http://x"])
        }
        let configuration = try HeraldConfiguration.load(environment: [
            "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://alice:s3cret@mail.example:2525", "HERALD_API_TOKEN": "tok",
        ])
        let smtp = try #require(configuration.smtp)
        #expect(smtp.serverURL == "smtp://mail.example:2525")
        #expect(smtp.security == .startTLSRequired)
        #expect(smtp.password == "s3cret")
        let shown = configuration.masked.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        #expect(!shown.contains("s3cret"))
        #expect(!shown.contains("tok "))
        #expect(shown.contains("smtpURL=smtp://alice:***@mail.example:2525"))
        #expect(shown.contains("apiToken=***"))
        #expect(throws: ConfigurationErrors.self) {
            try HeraldConfiguration.load(environment: ["HERALD_SMTP_URL": "smtp://relay:25?starttls=never"])
        }
    }

    @Test func spoolCapacityFromEnvironmentOrFlagShownAtStartup() throws {
        #expect(try HeraldConfiguration.load(environment: [:]).delivery.spoolCapacity == 100_000)
        #expect(try HeraldConfiguration.load(environment: ["HERALD_SPOOL_CAPACITY": "500"]).delivery.spoolCapacity == 500)
        let flagged = try HeraldConfiguration.load(environment: ["HERALD_SPOOL_CAPACITY": "500"], flags: ["spool-capacity": "7"])
        #expect(flagged.delivery.spoolCapacity == 7)
        #expect(flagged.masked.contains { $0.0 == "spoolCapacity" && $0.1 == "7" })
        for bad in ["0", "-1", "lots", "1.5"] {
            #expect {
                try HeraldConfiguration.load(environment: ["HERALD_SPOOL_CAPACITY": bad])
            } throws: { error in
                (error as? ConfigurationErrors)?.description.contains("HERALD_SPOOL_CAPACITY (--spool-capacity): expected a positive integer") == true
            }
        }
    }

    /// One event loop per core unless HERALD_EVENT_LOOPS (or its flag) says how many.
    @Test func eventLoopsFromEnvironmentOrFlagShownAtStartup() throws {
        let standard = try HeraldConfiguration.load(environment: [:])
        #expect(standard.eventLoops == nil)
        #expect(standard.masked.contains { $0 == ("eventLoops", "cores") })
        #expect(try HeraldConfiguration.load(environment: ["HERALD_EVENT_LOOPS": "3"]).eventLoops == 3)
        let flagged = try HeraldConfiguration.load(environment: ["HERALD_EVENT_LOOPS": "3"], flags: ["event-loops": "1"])
        #expect(flagged.eventLoops == 1)
        #expect(flagged.masked.contains { $0 == ("eventLoops", "1") })
        for bad in ["0", "257", "many"] {
            #expect {
                try HeraldConfiguration.load(environment: ["HERALD_EVENT_LOOPS": bad])
            } throws: { error in
                (error as? ConfigurationErrors)?.description.contains("HERALD_EVENT_LOOPS (--event-loops): expected an integer in 1...256") == true
            }
        }
    }

    @Test func listenAddressRules() {
        #expect(throws: ConfigurationError.self) { try HeraldConfiguration.parseListen("127.0.0.1") }
        #expect(throws: ConfigurationError.self) { try HeraldConfiguration.parseListen("127.0.0.1:70000") }
        #expect(throws: ConfigurationError.self) { try HeraldConfiguration.parseListen("300.1.1.1:80") }
        #expect((try? HeraldConfiguration.parseListen("localhost:0"))?.host == "127.0.0.1")
    }

    @Test func deliveryTuningFromTheEnvironmentReachesServe() throws {
        let configuration = try HeraldConfiguration.load(environment: [
            "HERALD_DELIVERY_CONCURRENCY": "2", "HERALD_RETRY_MAX_ATTEMPTS": "3", "HERALD_SMTP_TIMEOUT": "5",
            "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://127.0.0.1:2525?starttls=opportunistic",
        ])
        #expect(configuration.delivery.worker.concurrency == 2)
        #expect(configuration.delivery.worker.retry.maxAttempts == 3)
        #expect(configuration.smtp?.timeout == 5)
        #expect(configuration.smtp?.poolSize == 2)
        #expect(configuration.masked.contains { $0 == ("retryMaxAttempts", "3") })

        #expect {
            try HeraldConfiguration.load(environment: ["HERALD_RETRY_MAX_ATTEMPTS": "abc"])
        } throws: { error in
            (error as? ConfigurationErrors)?.description
                .contains("HERALD_RETRY_MAX_ATTEMPTS (--retry-max-attempts): expected an integer in 1...1000, got \"abc\"") == true
        }
    }

    @Test func aSenderTheComposerWouldRefuseIsRefusedAtStartup() throws {
        #expect(throws: ConfigurationErrors.self) {
            try HeraldConfiguration.load(environment: ["HERALD_FROM": "Herald <no-reply@mail_relay.local>"])
        }
        let configuration = try HeraldConfiguration.load(environment: ["HERALD_FROM": "\"Atelier Nord\" <hello@atelier-nord.example>"])
        #expect(configuration.from.email == "hello@atelier-nord.example")
        #expect(configuration.from.name == "Atelier Nord")
    }

    /// A file holding `content` in a fresh temporary directory (removed by the caller's `defer`).
    func secretFile(_ content: String, in directory: URL, named name: String = "secret") throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent(name)
        try Data(content.utf8).write(to: file)
        return file.path
    }

    func problems(
        _ environment: [String: String], flags: [String: String] = [:], reading settings: [ConfigurationSetting] = ConfigurationSetting.allCases
    ) -> String {
        do {
            _ = try HeraldConfiguration.load(environment: environment, flags: flags, reading: settings)
            return "accepted"
        } catch {
            return error.description
        }
    }

    @Test func secretsFromFilesTrimTheLineBreakAndAreNeverShown() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-secrets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = try secretFile("tok-from-file\n", in: directory, named: "token")
        let password = try secretFile("p@ss word\r\n", in: directory, named: "password")
        let configuration = try HeraldConfiguration.load(environment: [
            "HERALD_API_TOKEN_FILE": token, "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://alice@mail.example:2525",
            "HERALD_SMTP_PASSWORD_FILE": password,
        ])
        #expect(configuration.apiToken == "tok-from-file")
        #expect(configuration.smtp?.username == "alice")
        #expect(configuration.smtp?.password == "p@ss word")
        let shown = configuration.masked.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        #expect(!shown.contains("tok-from-file") && !shown.contains("p@ss"))
        #expect(shown.contains("apiToken=***") && shown.contains("apiTokenFile=\(token)"))
        #expect(shown.contains("smtpURL=smtp://alice:***@mail.example:2525") && shown.contains("smtpPasswordFile=\(password)"))

        let flagged = try HeraldConfiguration.load(environment: [:], flags: ["api-token-file": token])
        #expect(flagged.apiToken == "tok-from-file")
    }

    @Test func unusableSecretFilesAreClearErrorsThatNeverShowTheSecret() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-secrets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = try secretFile("tok-from-file\n", in: directory, named: "token")
        let empty = try secretFile("\n", in: directory, named: "empty")
        let twoLines = try secretFile("first\nsecond\n", in: directory, named: "two-lines")
        let spaced = try secretFile("has space\n", in: directory, named: "spaced")
        let huge = try secretFile(String(repeating: "x", count: 5000), in: directory, named: "huge")
        let missing = directory.appendingPathComponent("nowhere").path

        #expect(problems(["HERALD_API_TOKEN_FILE": missing]).contains("HERALD_API_TOKEN_FILE (--api-token-file): no file at \(missing)"))
        #expect(problems(["HERALD_API_TOKEN_FILE": empty]).contains("HERALD_API_TOKEN_FILE (--api-token-file): \(empty) is empty"))
        #expect(problems(["HERALD_API_TOKEN_FILE": directory.path]).contains("is not a regular file"))
        #expect(problems(["HERALD_API_TOKEN_FILE": twoLines]).contains("must hold the secret on one line"))
        #expect(problems(["HERALD_API_TOKEN_FILE": huge]).contains("is larger than 4096 bytes"))
        #expect(problems(["HERALD_API_TOKEN_FILE": spaced]).contains("HERALD_API_TOKEN_FILE (--api-token-file): must not contain spaces"))
        let both = problems(["HERALD_API_TOKEN": "tok-in-env"], flags: ["api-token-file": token])
        #expect(both.contains("HERALD_API_TOKEN_FILE (--api-token-file): give the token or a file holding it, not both"), "\(both)")
        #expect(!both.contains("tok-in-env") && !both.contains("tok-from-file"))

        let withPassword = problems([
            "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://alice:in-url@mail.example:2525", "HERALD_SMTP_PASSWORD_FILE": token,
        ])
        #expect(withPassword.contains("HERALD_SMTP_URL (--smtp-url): has a password, and a password file"), "\(withPassword)")
        #expect(!withPassword.contains("in-url") && !withPassword.contains("tok-from-file"))
        let withoutUser = problems(["HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://mail.example:2525", "HERALD_SMTP_PASSWORD_FILE": token])
        #expect(withoutUser.contains("a password file needs a user name in the URL"), "\(withoutUser)")
        #expect(problems(["HERALD_SMTP_PASSWORD_FILE": missing]).contains("HERALD_SMTP_PASSWORD_FILE (--smtp-password-file): no file at"))
    }

    @Test func aPostgreSQLStoreTakesItsPasswordFromAFileAndItsLeaseAndNeverShowsThePassword() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-secrets-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let password = try secretFile("db-s3cret\n", in: directory, named: "store-password")
        let configuration = try HeraldConfiguration.load(environment: [
            "HERALD_STORE": "postgresql://herald@db.internal:5432/mail?sslmode=require", "HERALD_STORE_PASSWORD_FILE": password,
            "HERALD_STORE_LEASE": "12",
        ])
        guard case .postgres(let location) = configuration.delivery.store else {
            Issue.record("not PostgreSQL: \(configuration.delivery.store)")
            return
        }
        #expect(location.password == "db-s3cret" && location.user == "herald" && location.database == "mail")
        #expect(configuration.delivery.worker.leaseDuration == 12)
        #expect(configuration.masked.first { $0.0 == "store" }?.1 == "postgres://herald@db.internal:5432/mail?sslmode=require")
        let inURI = try HeraldConfiguration.load(environment: ["HERALD_STORE": "postgres://herald:uri-s3cret@db/mail"])
        #expect(!inURI.masked.map(\.1).joined().contains("uri-s3cret"))
        #expect(inURI.delivery.worker.leaseDuration == 30)

        let both = problems(["HERALD_STORE": "postgres://herald:uri-s3cret@db/mail", "HERALD_STORE_PASSWORD_FILE": password])
        #expect(both.contains("HERALD_STORE (--store): \"postgres://herald@db/mail\": has a password, and HERALD_STORE_PASSWORD_FILE gives one too"), "\(both)")
        #expect(!both.contains("uri-s3cret") && !both.contains("db-s3cret"))
        #expect(problems(["HERALD_STORE_PASSWORD_FILE": password]).contains("HERALD_STORE_PASSWORD_FILE (--store-password-file): applies to a PostgreSQL store only"))
        let badPort = problems(["HERALD_STORE": "postgres://herald:uri-s3cret@db:70000/mail"])
        #expect(badPort.contains("HERALD_STORE (--store): \"postgres://…\": ") && !badPort.contains("uri-s3cret"), "\(badPort)")
        #expect(problems(["HERALD_STORE_LEASE": "0"]).contains("HERALD_STORE_LEASE (--store-lease): expected a number of seconds > 0"))
    }

    @Test func smtpAndWorkerTuningReachTheSpoolAndAbsurdValuesAreRefused() throws {
        let base = ["HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://relay:25?starttls=opportunistic"]
        let configuration = try HeraldConfiguration.load(environment: base.merging([
            "HERALD_SMTP_CONNECT_TIMEOUT": "2", "HERALD_SMTP_REPLY_TIMEOUT": "3", "HERALD_SMTP_TIMEOUT": "4", "HERALD_SMTP_MIN_SPEED": "1000",
            "HERALD_DELIVERY_STALL_AFTER": "5", "HERALD_DELIVERY_MAX_STALLED": "0", "HERALD_RETRY_FIRST_DELAY": "7",
            "HERALD_RETRY_MAX_DELAY": "70", "HERALD_RETRY_MAX_AGE": "700", "HERALD_SPOOL_RETENTION": "7000",
        ]) { $1 })
        let smtp = try #require(configuration.smtp)
        #expect(smtp.connectTimeout == 2 && smtp.replyTimeout == 3 && smtp.timeout == 4 && smtp.minimumSpeed == 1000)
        let worker = configuration.delivery.worker
        #expect(worker.stallAfter == 5 && worker.maxStalled == 0 && worker.retention == 7000)
        #expect(worker.retry.firstDelay == 7 && worker.retry.maxDelay == 70 && worker.retry.maxAge == 700)
        for (name, value) in [("HERALD_SMTP_TIMEOUT", "0"), ("HERALD_SMTP_REPLY_TIMEOUT", "-1"), ("HERALD_SMTP_CONNECT_TIMEOUT", "1e300"),
                              ("HERALD_RETRY_MAX_AGE", "1e300"), ("HERALD_SMTP_MIN_SPEED", "0"), ("HERALD_DELIVERY_MAX_STALLED", "1000"),
                              ("HERALD_DELIVERY_CONCURRENCY", "65"), ("HERALD_DELIVERY_STALL_AFTER", "0"), ("HERALD_SPOOL_RETENTION", "nan")] {
            let problems = problems(base.merging([name: value]) { $1 })
            #expect(problems.contains("\(name) (--") && problems.contains("got \"\(value)\""), "\(name)=\(value): \(problems)")
        }
    }

    @Test func aFlagBeatsItsVariableWhichBeatsTheDefault() throws {
        let environment = ["HERALD_TEMPLATES": "/env/templates", "HERALD_RETRY_MAX_ATTEMPTS": "3", "HERALD_FROM": "Env <env@example.com>"]
        let defaults = try HeraldConfiguration.load(environment: [:])
        let fromEnvironment = try HeraldConfiguration.load(environment: environment)
        let fromFlags = try HeraldConfiguration.load(
            environment: environment, flags: ["templates": "/flag/templates", "retry-max-attempts": "5", "from": "Flag <flag@example.com>"])
        #expect([defaults.templatesPath, fromEnvironment.templatesPath, fromFlags.templatesPath] == ["./Templates", "/env/templates", "/flag/templates"])
        #expect([defaults, fromEnvironment, fromFlags].map(\.delivery.worker.retry.maxAttempts) == [10, 3, 5])
        #expect([defaults, fromEnvironment, fromFlags].map(\.from.email) == ["no-reply@localhost", "env@example.com", "flag@example.com"])
    }

    @Test func aCommandIsJudgedOnlyOnTheSettingsItReads() throws {
        let environment = ["HERALD_LISTEN": "nowhere", "HERALD_TRANSPORT": "pigeon", "HERALD_BRAND_URL": "ftp://x"]
        let composing = problems(environment, reading: ConfigurationSetting.composition)
        #expect(composing.contains("HERALD_BRAND_URL (--brand-url)") && !composing.contains("HERALD_LISTEN") && !composing.contains("HERALD_TRANSPORT"))
        let delivering = problems(environment, reading: ConfigurationSetting.delivery)
        #expect(delivering.contains("HERALD_TRANSPORT (--transport)") && !delivering.contains("HERALD_BRAND_URL"))
        let outbox = try HeraldConfiguration.load(environment: environment.merging(["HERALD_OUTBOX": "/tmp/o.jsonl"]) { $1 }, reading: [.outbox])
        #expect(outbox.outboxPath == "/tmp/o.jsonl")
        #expect(outbox.brandURL == nil && outbox.listenPort == 8025, "unread settings keep their defaults")
    }

    /// Every variable README "Configuration" (and "Configuration read", "Secrets") documents.
    static let documentedVariables = [
        "HERALD_LISTEN", "HERALD_TRANSPORT", "HERALD_OUTBOX", "HERALD_STORE", "HERALD_SPOOL_CAPACITY", "HERALD_SMTP_URL",
        "HERALD_SMTP_CA_FILE", "HERALD_FROM", "HERALD_API_TOKEN", "HERALD_PREVIEWS", "HERALD_TEMPLATES", "HERALD_PREVIEWS_DIR",
        "HERALD_BRAND_NAME", "HERALD_BRAND_URL", "HERALD_BRAND_LOGO_URL", "HERALD_SUPPORT_EMAIL", "HERALD_BRAND_ADDRESS",
        "HERALD_API_TOKEN_FILE", "HERALD_SMTP_PASSWORD_FILE", "HERALD_SMTP_CONNECT_TIMEOUT", "HERALD_SMTP_REPLY_TIMEOUT",
        "HERALD_SMTP_TIMEOUT", "HERALD_SMTP_MIN_SPEED", "HERALD_DELIVERY_CONCURRENCY", "HERALD_DELIVERY_STALL_AFTER",
        "HERALD_DELIVERY_MAX_STALLED", "HERALD_RETRY_FIRST_DELAY", "HERALD_RETRY_MAX_DELAY", "HERALD_RETRY_MAX_ATTEMPTS",
        "HERALD_RETRY_MAX_AGE", "HERALD_SPOOL_RETENTION", "HERALD_DKIM_DOMAIN", "HERALD_DKIM_SELECTOR", "HERALD_DKIM_KEY_FILE",
        "HERALD_BRAND_REPLY_TO", "HERALD_MESSAGE_ID_DOMAIN", "HERALD_STORE_PASSWORD_FILE", "HERALD_STORE_LEASE",
        "HERALD_WEBHOOK_URL", "HERALD_WEBHOOK_SECRET", "HERALD_WEBHOOK_SECRET_FILE", "HERALD_WEBHOOK_EVENTS", "HERALD_WEBHOOK_TIMEOUT",
        "HERALD_WEBHOOK_RETRY_SCHEDULE", "HERALD_WEBHOOK_MAX_AGE", "HERALD_EVENT_LOOPS",
    ]

    static let webhookKey = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    @Test func webhooksTakeURLsASecretAFilterAndASchedule() throws {
        let none = try HeraldConfiguration.load(environment: [:])
        #expect(none.delivery.webhooks == nil)
        let configuration = try HeraldConfiguration.load(environment: [
            "HERALD_WEBHOOK_URL": "https://hooks.example.com/herald?token=t0k, http://127.0.0.1:9000/in",
            "HERALD_WEBHOOK_SECRET": Self.webhookKey, "HERALD_WEBHOOK_EVENTS": "message.accepted,message.failed",
            "HERALD_WEBHOOK_RETRY_SCHEDULE": "1,2.5", "HERALD_WEBHOOK_TIMEOUT": "3",
        ])
        let webhooks = try #require(configuration.delivery.webhooks)
        #expect(webhooks.endpoints == ["https://hooks.example.com/herald?token=t0k", "http://127.0.0.1:9000/in"])
        #expect(webhooks.types == [.accepted, .failed])
        #expect(webhooks.retry.delays == [1, 2.5] && webhooks.retry.maxAge == 86_400)
        #expect(webhooks.timeout == 3)
        let shown = configuration.masked.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        #expect(shown.contains("webhooks=https://hooks.example.com/herald,http://127.0.0.1:9000/in"))
        #expect(!shown.contains("t0k") && !shown.contains("MfKQ9r8"), "neither a URL's query nor the key is shown")
        let defaults = try HeraldConfiguration.load(environment: ["HERALD_WEBHOOK_URL": "http://127.0.0.1:9000/in", "HERALD_WEBHOOK_SECRET": Self.webhookKey])
        #expect(defaults.delivery.webhooks?.types == Set(MessageEventType.allCases).subtracting([.accepted]))
        #expect(defaults.delivery.webhooks?.retry.delays == [5, 30, 120, 600, 3600])
    }

    @Test func everyWebhookProblemIsReportedAtOnceWithoutTheKey() {
        let text = problems([
            "HERALD_WEBHOOK_URL": "ftp://files.example.com,not a url", "HERALD_WEBHOOK_EVENTS": "message.sent,message.opened",
            "HERALD_WEBHOOK_RETRY_SCHEDULE": "5,soon", "HERALD_WEBHOOK_SECRET": "whsec_c2hvcnQ=",
        ])
        for expected in ["HERALD_WEBHOOK_URL (--webhook-url)", "message.opened", "HERALD_WEBHOOK_RETRY_SCHEDULE", "the key is 5 bytes"] {
            #expect(text.contains(expected), "\(expected) in \(text)")
        }
        #expect(!text.contains("c2hvcnQ"), "the key is never repeated")
        #expect(problems(["HERALD_WEBHOOK_URL": "http://127.0.0.1:9000/in"]).contains("HERALD_WEBHOOK_SECRET (--webhook-secret): is required"))
        #expect(problems(["HERALD_WEBHOOK_SECRET": Self.webhookKey]).contains("applies only with HERALD_WEBHOOK_URL"))
        #expect(problems(["HERALD_WEBHOOK_URL": "http://127.0.0.1:9000/in", "HERALD_WEBHOOK_SECRET": "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
            .contains("expected whsec_"))
    }

    @Test func everyDocumentedVariableIsDeclaredOnceWithItsFlag() {
        let settings = ConfigurationSetting.allCases
        #expect(Set(settings.map(\.flag)).count == settings.count, "one declaration per flag")
        #expect(Set(settings.map(\.environmentVariable)) == Set(Self.documentedVariables))
        for setting in settings {
            #expect(setting.environmentVariable == "HERALD_" + setting.flag.uppercased().replacingOccurrences(of: "-", with: "_"))
            #expect(!setting.help.isEmpty && !setting.defaultDescription.isEmpty, "\(setting.flag)")
        }
    }

    @Test func everyProblemOfEverySettingFamilyIsReportedAtOnce() {
        let text = problems([
            "HERALD_LISTEN": "nowhere", "HERALD_SPOOL_CAPACITY": "none", "HERALD_RETRY_MAX_ATTEMPTS": "abc", "HERALD_FROM": "a\r\nBcc: x@y",
            "HERALD_BRAND_LOGO_URL": "logo.png", "HERALD_SUPPORT_EMAIL": "nobody", "HERALD_BRAND_NAME": "two\nlines",
        ], flags: ["smtp-timeout": "0", "previews": "maybe"])
        for label in ["HERALD_LISTEN (--listen)", "HERALD_SPOOL_CAPACITY (--spool-capacity)", "HERALD_RETRY_MAX_ATTEMPTS (--retry-max-attempts)",
                      "HERALD_FROM (--from)", "HERALD_BRAND_LOGO_URL (--brand-logo-url)", "HERALD_SUPPORT_EMAIL (--support-email)",
                      "HERALD_BRAND_NAME (--brand-name)", "HERALD_SMTP_TIMEOUT (--smtp-timeout)", "HERALD_PREVIEWS (--previews)"] {
            #expect(text.contains(label), "\(label) in \(text)")
        }
        #expect(text.split(separator: "\n").count == 10, "a heading and one line per problem: \(text)")
    }
}
