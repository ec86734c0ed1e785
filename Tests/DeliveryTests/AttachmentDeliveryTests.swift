import Foundation
import HeraldTesting
import Messages
import Testing
@testable import Delivery

/// A message with attachments through the spool, the outbox (and its `HeraldTesting` reader) and
/// SMTP: the bytes go out unchanged, and each record names every attachment with its digest.
@Suite("Attachments through delivery", .serialized)
struct AttachmentDeliveryTests {
    static let invoice: [UInt8] = Array("%PDF-1.7\n".utf8) + (0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
    static let sheet: [UInt8] = Array("number;amount\n1;200,00\n2;200,00\n".utf8)

    static func message(id: String = "msg-" + UUID().uuidString.lowercased()) throws -> ComposedMessage {
        let attachments = [
            Attachment(filename: "Facture n°42.pdf", contentType: "application/pdf", content: invoice),
            Attachment(filename: "schedule.csv", contentType: "text/csv", content: sheet),
        ]
        let from = EmailAddress(email: "no-reply@example.org", name: "Herald")
        let to = [EmailAddress(email: "zoe@example.com", name: "Zoë")]
        let output = try MIMEComposer().compose(MIMEComposer.Parts(
            from: from, to: to, subject: "Votre facture", text: "Bonjour,\r\nvoici votre facture.\r\n", html: "<p>Bonjour,</p>",
            id: id, date: Date(timeIntervalSince1970: 1_790_000_000), attachments: attachments))
        return ComposedMessage(
            id: id, message: "installment-paid", locale: "fr", key: nil, from: from, to: to, subject: "Votre facture",
            text: "Bonjour,\r\nvoici votre facture.\r\n", html: "<p>Bonjour,</p>", headers: output.headers, eml: output.eml,
            attachments: attachments.map(\.summary))
    }

    @Test("the outbox line lists each attachment's filename, contentType, size and sha256; the reader gives back the bytes")
    func outboxRecord() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/outbox.jsonl"
        let message = try Self.message(id: "with-files")
        #expect(OutboxTransport(path: path).deliver(message, attempt: DeliveryAttempt(number: 1)) == .accepted)

        let line = try String(contentsOfFile: path, encoding: .utf8)
        let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let listed = try #require(object["attachments"] as? [[String: Any]])
        #expect(listed.count == 2)
        #expect(listed.first?["filename"] as? String == "Facture n°42.pdf")
        #expect(listed.first?["contentType"] as? String == "application/pdf")
        #expect(listed.first?["size"] as? Int == Self.invoice.count)
        #expect(listed.first?["sha256"] as? String == SHA256.hex(Self.invoice))

        let outbox = TestOutbox(path: path)
        let mail = try outbox.message(OutboxFilter(to: "zoe@example.com"))
        #expect(mail.attachments == message.attachments)
        #expect(mail.eml == message.eml)
        #expect(try mail.attachment(named: "schedule.csv").size == Self.sheet.count)
        #expect(try mail.attachmentContent(named: "Facture n°42.pdf") == Self.invoice)
        #expect(try mail.attachmentContent(named: "schedule.csv") == Self.sheet)
        #expect(throws: TestOutboxError.self) { try mail.attachment(named: "other.pdf") }
    }

    @Test("a message without attachments records an empty list; a line written before the field existed reads as none")
    func withoutAttachments() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let path = directory + "/outbox.jsonl"
        #expect(OutboxTransport(path: path).deliver(Fixtures.message(id: "plain"), attempt: DeliveryAttempt(number: 1)) == .accepted)
        let line = try Data(contentsOf: URL(fileURLWithPath: path))
        var object = try #require(JSONSerialization.jsonObject(with: line) as? [String: Any])
        #expect((object["attachments"] as? [Any])?.isEmpty == true)
        object["attachments"] = nil
        try (JSONSerialization.data(withJSONObject: object) + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
        let records = try OutboxReader(path: path).records()
        #expect(records.map(\.composed.id) == ["plain"])
        #expect(records.first.map(OutboxMessage.init)?.attachments == [])
        #expect(throws: TestOutboxError.self) { try records.first.map(OutboxMessage.init)?.attachmentContent(named: "x.pdf") }
    }

    @Test("stored in the spool with the message, delivered by the worker to the outbox unchanged")
    func throughTheSpool() throws {
        let directory = Fixtures.temporaryDirectory()
        defer { Fixtures.remove(directory) }
        let outbox = directory + "/outbox.jsonl"
        let spool = try Spool(location: .sqlite(path: directory + "/herald.db"), transport: OutboxTransport(path: outbox),
                              options: WorkerOptions(concurrency: 1, idlePoll: 0.05), log: .silent)
        let message = try Self.message()
        let id = try spool.enqueue(message, fingerprint: "f").id
        try spool.start()
        defer { spool.stop() }
        let status = try #require(try spool.waitUntilFinished(id: id, timeout: 10))
        #expect(status.status == .sent)
        let record = try #require(try OutboxReader(path: outbox).records().first)
        #expect(record.composed.eml == message.eml)
        #expect(record.composed.attachments == message.attachments)
    }

    @Test("over SMTP the bytes aiosmtpd received are the eml, and its attachments decode to the recorded digests")
    func overSMTP() throws {
        let server = try SMTPTestServer()
        defer { server.stop() }
        let smtp = SMTPTransport(configuration: try SMTPConfiguration(url: "smtp://127.0.0.1:\(server.port)?starttls=opportunistic", connectTimeout: 3, timeout: 10))
        let message = try Self.message()
        #expect(smtp.deliver(message, attempt: DeliveryAttempt(number: 1)) == .accepted)
        #expect(server.waitForOutput("MSG 1 "))
        let received = try #require(server.received().first)
        #expect(received == Data(message.eml.utf8))

        let record = OutboxRecord(
            ComposedMessage(id: message.id, message: message.message, locale: message.locale, key: nil, from: message.from, to: message.to,
                            subject: message.subject, text: message.text, html: message.html, headers: message.headers,
                            eml: String(decoding: received, as: UTF8.self), attachments: message.attachments),
            deliveredAt: Date())
        #expect(try OutboxMessage(record).attachmentContent(named: "Facture n°42.pdf") == Self.invoice)
        #expect(try OutboxMessage(record).attachmentContent(named: "schedule.csv") == Self.sheet)
    }

    @Test("a keyed request with other attachments has another fingerprint; without any, the fingerprint is as before")
    func fingerprint() throws {
        let json = try JSONValue(parsing: Data(#"{"message":"installment-paid","to":[{"email":"a@example.com"}],"context":{},"key":"k"}"#.utf8))
        let (plain, _) = SendRequest.envelope(of: json)
        var withFile = plain
        withFile.attachments = [Attachment(filename: "a.pdf", contentType: "application/pdf", content: [1, 2, 3])]
        var otherFile = withFile
        otherFile.attachments[0].content = [1, 2, 4]
        #expect(RequestFingerprint.of(plain) != RequestFingerprint.of(withFile))
        #expect(RequestFingerprint.of(withFile) != RequestFingerprint.of(otherFile))
        // The canonical form has no `attachments` member when there are none: it is the text fingerprinted
        // before attachments existed, so keys stored then still match their requests.
        let canonicalBefore = #"{"context":{},"key":"k","message":"installment-paid","to":[{"email":"a@example.com"}]}"#
        #expect(RequestFingerprint.of(plain) == FNV128.hex(Data(canonicalBefore.utf8)))
    }
}
