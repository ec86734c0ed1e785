import Foundation
import Testing
@testable import Delivery

/// `MessageStatus.json()` writes its JSON by hand: it must be the object `JSONEncoder` makes of the
/// same status, for every value a caller, a relay or a clock can put in it.
@Suite("Message status JSON")
struct MessageStatusJSONTests {
    static let hostile = ["", "plain", "quote \" and \\ backslash", "line\nbreak\r\ttab", "\u{0}\u{1F}\u{7F}", "slash / and <tag>", "Zoë 🎉 \u{2028}\u{2029}"]

    static func encoderJSON(_ status: MessageStatus) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(status), as: UTF8.self)
    }

    static func object(_ json: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
    }

    @Test("the same object as JSONEncoder's for hostile strings, absent and present optionals, extreme numbers")
    func sameObjectAsTheEncoder() throws {
        let dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_000_000.123), Date(timeIntervalSince1970: 253_402_300_799)]
        var checked = 0
        for (index, text) in Self.hostile.enumerated() {
            for optionals in [false, true] {
                let status = MessageStatus(
                    id: "msg-\(index)", message: text, status: DeliveryState.allCases[index % DeliveryState.allCases.count],
                    attempts: [0, 1, Int.max, Int.min][index % 4], lastError: optionals ? text : nil, createdAt: dates[index % 3],
                    sendAt: optionals ? dates[(index + 1) % 3] : nil, deliveredAt: optionals ? dates[(index + 2) % 3] : nil,
                    key: optionals ? text : nil, nextAttemptAt: optionals ? dates[index % 3] : nil, replacedBy: optionals ? text : nil)
                let json = status.json()
                #expect(try Self.object(json) == Self.object(Self.encoderJSON(status)), "\(json)")
                #expect(try JSONDecoder().decode(MessageStatus.self, from: Data(json.utf8))
                    == JSONDecoder().decode(MessageStatus.self, from: Data(Self.encoderJSON(status).utf8)))
                checked += 1
            }
        }
        #expect(checked == 2 * Self.hostile.count)
    }

    @Test("byte for byte JSONEncoder's output for the statuses Herald writes (no control characters)")
    func sameBytesForOrdinaryStatuses() throws {
        let status = MessageStatus(
            id: "msg-1", message: "installment-paid", status: .retrying, attempts: 2, lastError: "451 4.7.1 try again / later",
            createdAt: Date(timeIntervalSince1970: 1_795_000_000), sendAt: nil, deliveredAt: nil, key: "order-42/installment-1",
            nextAttemptAt: Date(timeIntervalSince1970: 1_795_000_060), replacedBy: nil)
        #expect(status.json() == (try Self.encoderJSON(status)))
    }
}
