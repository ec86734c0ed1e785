import Foundation
import HeraldTesting
import Messages
import TestSupport
import Testing

/// `attachments` through the real binary (README "Attachments"): accepted up to the limits (bodies
/// larger than the old 1 MiB included), composed, delivered to the outbox with their digests, shown
/// by `/v1/render`, and refused with field paths.
@Suite(.serialized) struct AttachmentAPITests {
    /// 4 MiB: its base64 alone is over the HTTP body limit Herald had before attachments.
    static let invoice: [UInt8] = Array("%PDF-1.7\n".utf8) + (0..<(4 * 1_024 * 1_024)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ ($0 >> 9)) }

    static func body(to email: String, attachments: String) throws -> String {
        let plain = try SendRequests.body("installment-paid", to: email, locale: "fr")
        return String(plain.dropLast()) + ",\"attachments\":\(attachments)}"
    }

    static func attachment(_ filename: String, _ type: String, _ bytes: [UInt8]) -> String {
        "{\"filename\":\"\(filename)\",\"contentType\":\"\(type)\",\"content\":\"\(Data(bytes).base64EncodedString())\"}"
    }

    @Test func aSendWithAttachmentsReachesTheOutboxWithItsDigests() async throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        // Decoding, composing and fsyncing 5.6 MB takes seconds in a sanitizer build on a loaded machine:
        // the bound is for a server that never answers, not a speed test.
        var client = HTTPClient(port: herald.port)
        client.timeout = 300
        let csv = Array("n;montant\n1;200,00\n".utf8)
        let list = "[" + Self.attachment("Facture n°42.pdf", "application/pdf", Self.invoice) + "," + Self.attachment("échéancier.csv", "text/csv", csv) + "]"
        let body = try Self.body(to: "files@example.com", attachments: list)
        #expect(body.utf8.count > 1_024 * 1_024)
        let started = Date()
        let response: HTTPClient.Response
        do {
            response = try client.post("/v1/messages", body)
        } catch {
            // What the service said about the request, if it said anything: the log has no bodies.
            Issue.record("no answer after \(Int(Date().timeIntervalSince(started))) s; the service's last lines: \(herald.logLines.suffix(6))")
            throw error
        }
        #expect(response.status == 202, "\(response.text.prefix(500))")
        let id = try require(response.json?["id"] as? String)

        let outbox = TestOutbox(path: herald.directory.appendingPathComponent("var/outbox.jsonl").path)
        let mail = try await outbox.waitForMessage(OutboxFilter(to: "files@example.com"), timeout: .seconds(300))
        #expect(mail.id == id)
        #expect(mail.attachments == [
            AttachmentSummary(filename: "Facture n°42.pdf", contentType: "application/pdf", size: Self.invoice.count, sha256: SHA256.hex(Self.invoice)),
            AttachmentSummary(filename: "échéancier.csv", contentType: "text/csv", size: csv.count, sha256: SHA256.hex(csv)),
        ])
        #expect(try mail.attachmentContent(named: "Facture n°42.pdf") == Self.invoice)
        #expect(mail.eml.contains("Content-Type: multipart/mixed;"))
        #expect(!herald.logLines.contains { $0.contains("JVBERi0x") }, "no attachment bytes in logs")
    }

    /// The HTTP body limit leaves room for the largest request the attachment limits allow.
    @Test func attachmentsAtTheTotalLimitFitTheBodyLimitAndAreDelivered() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        // 21 MB through JSON, base64 and the spool takes seconds in a debug build and far longer under TSan.
        let client = HTTPClient(port: herald.port, timeout: 300)
        let first = [UInt8](repeating: 0x41, count: AttachmentLimits.maximumFileBytes)
        let second = [UInt8](repeating: 0x42, count: AttachmentLimits.maximumTotalBytes - AttachmentLimits.maximumFileBytes)
        let list = "[" + Self.attachment("a.pdf", "application/pdf", first) + "," + Self.attachment("b.pdf", "application/pdf", second) + "]"
        let body = try Self.body(to: "largest@example.com", attachments: list)
        #expect(body.utf8.count < AttachmentLimits.maximumRequestBytes)
        let response = try client.post("/v1/messages", body)
        #expect(response.status == 202, "\(response.text.prefix(300))")
        let outbox = TestOutbox(path: herald.directory.appendingPathComponent("var/outbox.jsonl").path)
        var found: OutboxMessage?
        _ = waitUntil(timeout: 300, interval: 0.05) {
            found = try? outbox.message(OutboxFilter(to: "largest@example.com"))
            return found != nil
        }
        let mail = try #require(found)
        #expect(mail.attachments.map(\.size) == [first.count, second.count])
        #expect(try mail.attachmentContent(named: "b.pdf") == second)

        let oneByteMore = "[" + Self.attachment("a.pdf", "application/pdf", first) + "," + Self.attachment("b.pdf", "application/pdf", second + [0x43]) + "]"
        let refused = try client.post("/v1/messages", try Self.body(to: "largest@example.com", attachments: oneByteMore))
        #expect(refused.status == 422)
        #expect(refused.errorFields.map { $0["path"] } == ["attachments[1].content"])
    }

    @Test func renderShowsTheAttachmentsWithoutStoringThem() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let response = try client.post("/v1/render", try Self.body(to: "render@example.com", attachments: "[" + Self.attachment("a.png", "image/png", [0x89, 0x50, 0x4E, 0x47]) + "]"))
        #expect(response.status == 200, "\(response.text)")
        let listed = try require(response.json?["attachments"] as? [[String: Any]])
        #expect(listed.count == 1)
        #expect(listed.first?["filename"] as? String == "a.png")
        #expect(listed.first?["size"] as? Int == 4)
        #expect(listed.first?["sha256"] as? String == SHA256.hex([0x89, 0x50, 0x4E, 0x47]))
        #expect((response.json?["eml"] as? String)?.contains("filename=\"a.png\"") == true)
        let plain = try client.post("/v1/render", try SendRequests.body("installment-paid", to: "render@example.com"))
        #expect((plain.json?["attachments"] as? [Any])?.isEmpty == true)
    }

    @Test func hostileAttachmentsAreRefusedWithTheirFieldPaths() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let one = Self.attachment("a.pdf", "application/pdf", [1, 2, 3])
        let cases: [(String, Int, String, String)] = [
            ("[" + Array(repeating: one, count: 11).joined(separator: ",") + "]", 422, "unprocessable", "attachments"),
            ("[{\"filename\":\"a.pdf\",\"contentType\":\"application/pdf\",\"content\":\"AQID\\r\\nBAUG\"}]", 400, "invalid_request", "attachments[0].content"),
            ("[" + Self.attachment("../../etc/passwd", "application/pdf", [1]) + "]", 400, "invalid_request", "attachments[0].filename"),
            ("[" + Self.attachment("a.pdf\\r\\nBcc: victim@example.com", "application/pdf", [1]) + "]", 400, "invalid_request", "attachments[0].filename"),
            ("[" + one + "," + Self.attachment("x.html", "text/html; charset=utf-8", [1]) + "]", 422, "unprocessable", "attachments[1].contentType"),
            ("[" + Self.attachment("empty.pdf", "application/pdf", []) + "]", 422, "unprocessable", "attachments[0].content"),
        ]
        for (list, status, code, path) in cases {
            let response = try client.post("/v1/messages", try Self.body(to: "hostile@example.com", attachments: list))
            #expect(response.status == status, "\(path): \(response.text.prefix(300))")
            #expect(response.errorCode == code, "\(path)")
            #expect(response.errorFields.map { $0["path"] } == [path], "\(response.text.prefix(300))")
        }
        let outbox = TestOutbox(path: herald.directory.appendingPathComponent("var/outbox.jsonl").path)
        #expect(try outbox.messages(OutboxFilter(to: "hostile@example.com")).isEmpty)
    }
}
