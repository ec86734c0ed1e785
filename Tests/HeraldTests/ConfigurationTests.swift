import Testing
@testable import Herald

@Suite struct ConfigurationTests {
    @Test func defaultsRunWithoutAMailServer() throws {
        let configuration = try HeraldConfiguration.load(environment: [:])
        #expect(configuration.brandName == nil, "the catalog's sample brand")
        #expect(configuration.listenHost == "127.0.0.1")
        #expect(configuration.listenPort == 8025)
        #expect(configuration.transport == .outbox)
        #expect(configuration.outboxPath == "./var/outbox.jsonl")
        #expect(configuration.spoolPath == "./var/spool")
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
        #expect(try HeraldConfiguration.load(environment: [:]).spoolCapacity == 100_000)
        #expect(try HeraldConfiguration.load(environment: ["HERALD_SPOOL_CAPACITY": "500"]).spoolCapacity == 500)
        let flagged = try HeraldConfiguration.load(environment: ["HERALD_SPOOL_CAPACITY": "500"], flags: ["spool-capacity": "7"])
        #expect(flagged.spoolCapacity == 7)
        #expect(flagged.masked.contains { $0.0 == "spoolCapacity" && $0.1 == "7" })
        for bad in ["0", "-1", "lots"] {
            #expect {
                try HeraldConfiguration.load(environment: ["HERALD_SPOOL_CAPACITY": bad])
            } throws: { error in
                (error as? ConfigurationErrors)?.description.contains("HERALD_SPOOL_CAPACITY (--spool-capacity): expected a positive integer") == true
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
            (error as? ConfigurationErrors)?.description.contains("HERALD_RETRY_MAX_ATTEMPTS=abc: expected an integer in 1...1000") == true
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
}
