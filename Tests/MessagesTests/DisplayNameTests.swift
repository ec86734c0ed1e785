import Foundation
import Testing
@testable import Messages

/// Display names are bounded in bytes, so the `To` header of a request with many recipients stays
/// within what mail servers keep, and are written so every reader gets the name back as sent.
@Suite struct DisplayNameTests {
    func request(names: [String]) throws -> Data {
        let recipients = names.enumerated().map { "{\"email\":\"r\($0.offset)@example.com\",\"name\":\"\($0.element)\"}" }
        let context = String(decoding: try JSONEncoder().encode(Fixtures.sample(.installmentPaid, "first-installment")), as: UTF8.self)
        return Data("{\"message\":\"installment-paid\",\"to\":[\(recipients.joined(separator: ","))],\"context\":\(context)}".utf8)
    }

    func problems(_ body: Data) -> [String] {
        do {
            _ = try Fixtures.compose(body)
            return []
        } catch {
            guard case .invalidFields(let problems) = error else { return ["\(error)"] }
            return problems.problems.map(\.description)
        }
    }

    /// 50 names of 1,000 four-byte characters made a 750 KB `To` header (Postfix keeps 100 KiB of a header).
    @Test func aDisplayNameOver200BytesIsRefusedWithItsPath() throws {
        let long = String(repeating: "\u{1F4B6}", count: 1_000)
        let found = problems(try request(names: Array(repeating: long, count: 50)))
        #expect(found.count == 50)
        #expect(found.first == "to[0].name: is longer than 200 bytes of UTF-8")
        #expect(problems(try request(names: [String(repeating: "é", count: 100)])).isEmpty)
        #expect(problems(try request(names: [String(repeating: "é", count: 100) + "e"])) == ["to[0].name: is longer than 200 bytes of UTF-8"])
    }

    @Test func typedMailboxesHaveTheSameBound() throws {
        let name = String(repeating: "a", count: 201)
        #expect(throws: MailboxSyntaxError(text: "\(name) <a@b.co>", problem: "the display name is longer than 200 bytes of UTF-8")) {
            try AddressValidator.parseMailbox("\(name) <a@b.co>")
        }
        #expect(try AddressValidator.parseMailbox("\(name.dropLast()) <a@b.co>").name?.utf8.count == 200)
    }

    /// Python's `email` (and several mail clients) decode encoded-words inside quoted strings: a name
    /// `=?utf-8?q?Bank?=` written as `"=?utf-8?q?Bank?="` read as `Bank`. Such names are encoded.
    @Test(arguments: ["=?utf-8?q?Bank?=", "Zoë =?utf-8?b?QmFuaw==?= O'Brien", "a =?x", "\"=?utf-8?q?x?=\" (y)"])
    func encodedWordLookAlikesInNamesReadBackAsSent(_ name: String) throws {
        let mailbox = EmailAddress(email: "zoe@example.com", name: name)
        let output = try MIMEComposer().compose(MIMEComposer.Parts(
            from: mailbox, to: [mailbox], subject: "s", text: "t", html: "<p>h</p>", id: "id-1", date: Date(timeIntervalSince1970: 0)))
        let parsed = try ParsedEmail(parsing: output.eml)
        let header = try #require(parsed.headers.first { $0.name == "From" }?.value)
        #expect(PythonEmail.mailbox(header) == [name, mailbox.email], "\(header)")
        #expect(parsed.decodedHeader("From") == "\(name) <zoe@example.com>")
    }

    /// The composer refuses to write a header block mail servers would truncate, whatever its input.
    @Test func theComposerBoundsTheHeaderBlock() {
        let recipients = (0..<4_000).map { EmailAddress(email: "recipient-\($0)@example.com", name: "Recipient \($0)") }
        do {
            let output = try MIMEComposer().compose(MIMEComposer.Parts(
                from: EmailAddress(email: "a@b.co"), to: recipients, subject: "s", text: "t", html: "h", id: "id-1", date: Date(timeIntervalSince1970: 0)))
            Issue.record("a \(output.eml.utf8.count)-byte message was composed")
        } catch {
            guard case .headerTooLarge(let bytes) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(bytes > MIMEComposer.maximumHeaderBytes)
        }
    }
}
