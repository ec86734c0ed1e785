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

    @Test("timeouts: a whole send gets more time for a larger message; libcurl's units saturate, never overflow")
    func timeouts() throws {
        let smtp = try SMTPConfiguration(url: "smtp://relay:25?starttls=opportunistic", timeout: 4, minimumSpeed: 1000)
        #expect(smtp.transactionTimeout(bytes: 10_000) == 14)
        #expect(SMTPConfiguration.milliseconds(1e300) == Int(Int32.max))
        #expect(SMTPConfiguration.milliseconds(.nan) == 1 && SMTPConfiguration.milliseconds(0) == 1)
        #expect(SMTPConfiguration.wholeSeconds(0.2) == 1 && SMTPConfiguration.wholeSeconds(30) == 30)
    }
}
