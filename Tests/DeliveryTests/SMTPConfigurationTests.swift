import Foundation
import Testing
@testable import Delivery

@Suite("SMTP configuration")
struct SMTPConfigurationTests {
    @Test("smtp:// requires STARTTLS; credentials leave the URL and never reach the description")
    func smtpURL() throws {
        let configuration = try SMTPConfiguration(url: "smtp://alice:p%40ss@mail.example.org:587", caFile: "/tmp/ca.pem")
        #expect(configuration.security == .startTLSRequired)
        #expect(configuration.serverURL == "smtp://mail.example.org:587")
        #expect(configuration.username == "alice" && configuration.password == "p@ss")
        #expect(!configuration.description.contains("p@ss"))
        #expect(configuration.caFile == "/tmp/ca.pem")
    }

    @Test("opportunistic only when asked; smtps is implicit TLS")
    func modes() throws {
        #expect(try SMTPConfiguration(url: "smtp://relay:25?starttls=opportunistic").security == .startTLSOpportunistic)
        #expect(try SMTPConfiguration(url: "smtps://mail.example.org:465").security == .implicitTLS)
    }

    @Test("bad URLs are clear errors that hide the password")
    func errors() {
        #expect(throws: SMTPConfigurationError.unsupportedScheme("http")) { try SMTPConfiguration(url: "http://host") }
        #expect(throws: SMTPConfigurationError.invalidStartTLS("never")) { try SMTPConfiguration(url: "smtp://host?starttls=never") }
        #expect(throws: SMTPConfigurationError.unknownParameter("tls")) { try SMTPConfiguration(url: "smtp://host?tls=1") }
        do {
            _ = try SMTPConfiguration(url: "smtp://user:secret@")
            Issue.record("accepted a URL without host")
        } catch {
            #expect(!error.description.contains("secret"))
        }
    }

    @Test("HERALD_SMTP_PASSWORD_FILE: the password for the URL's user, trailing line break trimmed; errors name the variable")
    func passwordFile() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let file = directory + "/password"
        try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: file))
        let base = ["HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://alice@mail.example.org:587"]
        let configuration = try DeliveryConfiguration(environment: base.merging(["HERALD_SMTP_PASSWORD_FILE": file]) { $1 })
        guard case .smtp(let smtp) = configuration.transport else { Issue.record("not smtp"); return }
        #expect(smtp.username == "alice" && smtp.password == "s3cret")
        #expect(!configuration.summary.values.contains { $0.contains("s3cret") })
        #expect(throws: DeliveryConfigurationError.secretFile("HERALD_SMTP_PASSWORD_FILE", .missing(directory + "/none"))) {
            try DeliveryConfiguration(environment: base.merging(["HERALD_SMTP_PASSWORD_FILE": directory + "/none"]) { $1 })
        }
    }

    @Test("timeouts: 0, negative and absurd values are refused; phases reach the configuration")
    func timeouts() throws {
        let base = ["HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://relay:25?starttls=opportunistic"]
        let configuration = try DeliveryConfiguration(environment: base.merging([
            "HERALD_SMTP_CONNECT_TIMEOUT": "2", "HERALD_SMTP_REPLY_TIMEOUT": "3", "HERALD_SMTP_TIMEOUT": "4", "HERALD_SMTP_MIN_SPEED": "1000",
            "HERALD_DELIVERY_STALL_AFTER": "5", "HERALD_DELIVERY_MAX_STALLED": "0",
        ]) { $1 })
        guard case .smtp(let smtp) = configuration.transport else { Issue.record("not smtp"); return }
        #expect(smtp.connectTimeout == 2 && smtp.replyTimeout == 3 && smtp.timeout == 4 && smtp.minimumSpeed == 1000)
        #expect(smtp.transactionTimeout(bytes: 10_000) == 14)
        #expect(configuration.worker.stallAfter == 5 && configuration.worker.maxStalled == 0)
        for (name, value) in [("HERALD_SMTP_TIMEOUT", "0"), ("HERALD_SMTP_REPLY_TIMEOUT", "-1"), ("HERALD_SMTP_CONNECT_TIMEOUT", "1e300"),
                              ("HERALD_RETRY_MAX_AGE", "1e300"), ("HERALD_SMTP_MIN_SPEED", "0"), ("HERALD_DELIVERY_MAX_STALLED", "1000")] {
            #expect(throws: DeliveryConfigurationError.self, "\(name)=\(value)") {
                try DeliveryConfiguration(environment: base.merging([name: value]) { $1 })
            }
        }
        #expect(SMTPConfiguration.milliseconds(1e300) == Int(Int32.max))
        #expect(SMTPConfiguration.milliseconds(.nan) == 1 && SMTPConfiguration.milliseconds(0) == 1)
        #expect(SMTPConfiguration.wholeSeconds(0.2) == 1 && SMTPConfiguration.wholeSeconds(30) == 30)
    }
}
