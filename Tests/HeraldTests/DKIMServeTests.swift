import Foundation
import TestSupport
import Testing

/// DKIM end to end: `herald serve` signs at compose time, the relay (aiosmtpd) receives the signed
/// bytes exactly as sent, and dkimpy verifies what it received; a bad key stops startup (exit 78).
@Suite(.serialized) struct DKIMServeTests {
    @Test func mailReceivedOverSMTPVerifiesWithTheConfiguredKey() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-dkim-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pem = try DKIMVerifier.generateKey()
        let keyFile = directory.appendingPathComponent("mail.pem")
        try Data(pem.utf8).write(to: keyFile)

        let smtp = try SMTPServeTests.SMTPServer()
        defer { smtp.stop() }
        let herald = try HeraldProcess(environment: [
            "HERALD_TRANSPORT": "smtp", "HERALD_SMTP_URL": "smtp://127.0.0.1:\(smtp.port)?starttls=opportunistic",
            "HERALD_FROM": "Atelier Nord <no-reply@atelier-nord.example>",
            "HERALD_DKIM_DOMAIN": "atelier-nord.example", "HERALD_DKIM_SELECTOR": "mail", "HERALD_DKIM_KEY_FILE": keyFile.path,
        ])
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let accepted = try client.post("/v1/messages", try SendRequests.body("installment-paid", to: "zoe@example.com", locale: "fr"))
        #expect(accepted.status == 202)
        let id = try #require(accepted.json?["id"] as? String)

        var status: String?
        try waitUntil(timeout: 10) {
            status = try client.get("/v1/messages/\(id)").json?["status"] as? String
            return status == "sent"
        }
        #expect(status == "sent")
        let files = try FileManager.default.contentsOfDirectory(at: smtp.outbox, includingPropertiesForKeys: nil).filter { $0.pathExtension == "eml" }
        let received = try String(decoding: Data(contentsOf: try #require(files.first)), as: UTF8.self)
        #expect(received.hasPrefix("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=atelier-nord.example;"))
        let record = try DKIMVerifier.publicRecord(ofKey: pem)
        #expect(try DKIMVerifier.verify([received], records: ["mail._domainkey.atelier-nord.example": record]) == [["pass"]])

        let started = try #require(herald.logLines.first { $0.contains("\"event\":\"started\"") })
        #expect(started.contains("\"dkim\":\"d=atelier-nord.example s=mail\""))
        #expect(!herald.logLines.joined().contains("PRIVATE KEY"))
        #expect(!herald.logLines.contains { $0.contains("dkim_not_aligned") })
    }

    @Test func aKeyHeraldRefusesStopsStartupWithExit78() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-dkim-refused-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("short.pem")
        try Data(try DKIMVerifier.generateKey(bits: 1024).utf8).write(to: keyFile)
        let result = try HeraldProcess.command(["serve"], in: directory, environment: [
            "HERALD_LISTEN": "127.0.0.1:0", "HERALD_DKIM_DOMAIN": "example.com", "HERALD_DKIM_SELECTOR": "s1", "HERALD_DKIM_KEY_FILE": keyFile.path,
        ])
        #expect(result.status == 78)
        #expect(result.stderr.contains("HERALD_DKIM_KEY_FILE") && result.stderr.contains("1024 bits"), "\(result.stderr)")
    }
}
