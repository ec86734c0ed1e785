import Foundation
import Messages
import Testing
@testable import Delivery

/// The SQLite store's own format for a composed message: every field round-trips, rows written as
/// JSON before it still read, and no damaged byte string crashes the reader or reads as a message.
@Suite("Stored message format")
struct StoredMessageTests {
    static let full: ComposedMessage = {
        var message = Fixtures.message(id: "full-1", key: "order-42/installment-1/paid", subject: "Zoë — 1 234,50 € 🎉")
        message.to.append(EmailAddress(email: "ann@example.com"))
        message.headers["Reply-To"] = "billing@example.org"
        message.context = #"{"amount":"1234.50","name":"Zoë"}"#
        message.attachments = [AttachmentSummary(filename: "facture n°7.pdf", contentType: "application/pdf", size: 123_456, sha256: String(repeating: "ab", count: 32))]
        return message
    }()

    static let bare = ComposedMessage(
        id: "bare", message: "", locale: "", key: nil, from: EmailAddress(email: ""), to: [], subject: "", text: "", html: "",
        headers: [:], eml: "")

    @Test("every field round-trips: names, optionals, several recipients, headers, context, attachments, empty strings")
    func roundTrip() throws {
        for message in [Self.full, Self.bare, Fixtures.message(id: "plain")] {
            #expect(try StoredMessage.decode(StoredMessage.encode(message)) == message)
        }
        var empty = Self.full
        empty.attachments = []
        #expect(try StoredMessage.decode(StoredMessage.encode(empty)) == empty, "an empty list is not the same as none")
    }

    @Test("a field longer than 127 bytes (a multi-byte length) and a 1 MiB eml round-trip")
    func longFields() throws {
        var message = Self.full
        message.eml = String(repeating: "line of a long message\r\n", count: 44_000)
        message.subject = String(repeating: "é", count: 200)
        #expect(try StoredMessage.decode(StoredMessage.encode(message)) == message)
    }

    @Test("rows stored as JSON before this format still decode")
    func legacyJSON() throws {
        let json = Array(try JSONEncoder().encode(Self.full))
        #expect(try StoredMessage.decode(json) == Self.full)
    }

    @Test("every truncation and every single-byte change is an error or a message, never a crash")
    func damagedBytes() throws {
        let bytes = StoredMessage.encode(Self.full)
        for length in 0..<bytes.count {
            #expect(throws: StoredMessageError.self) { try StoredMessage.decode(Array(bytes.prefix(length))) }
        }
        for index in bytes.indices {
            for value: UInt8 in [0x00, 0x7F, 0x80, 0xFF] {
                var damaged = bytes
                damaged[index] = value
                _ = try? StoredMessage.decode(damaged)
            }
        }
        #expect(throws: StoredMessageError.unknownFormat(2)) { try StoredMessage.decode([2] + bytes.dropFirst()) }
        #expect(throws: StoredMessageError.trailingBytes(1)) { try StoredMessage.decode(bytes + [0]) }
        #expect(throws: StoredMessageError.invalidLength(field: "id")) { try StoredMessage.decode([1] + Array(repeating: 0xFF, count: 12)) }
    }
}
