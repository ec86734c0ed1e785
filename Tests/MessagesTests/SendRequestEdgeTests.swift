import Foundation
import Testing
@testable import Messages

/// Send requests at the edges of what a caller can send: times at the ends of the calendar,
/// strings that are short in characters and long in bytes, and the headers they become.
@Suite struct SendRequestEdgeTests {
    func body(_ kind: MessageKind, _ variant: String, sendAt: String? = nil, setting key: String? = nil, to value: JSONValue? = nil) throws -> Data {
        var context = Fixtures.sample(kind, variant)
        if let key { context = context.setting(key, value) }
        var request: [String: JSONValue] = [
            "message": .string(kind.rawValue), "locale": .string("fr"), "context": context,
            "to": .array([.object(["email": .string("zoe@example.com"), "name": .string("Zoë")])]),
        ]
        if let sendAt { request["sendAt"] = .string(sendAt) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(JSONValue.object(request))
    }

    func problems(_ body: Data) -> [FieldProblem] {
        do {
            _ = try Fixtures.compose(body)
            return []
        } catch {
            guard case .invalidFields(let problems) = error else { return [FieldProblem(path: FieldPath("?"), problem: "\(error)")] }
            return problems.problems
        }
    }

    /// This request used to crash the server: the send day of year 10000 did not exist.
    @Test(arguments: MessageKind.allCases)
    func aSendTimeBeyondTheCalendarIsA422OnSendAt(_ kind: MessageKind) throws {
        let variant = try #require(Fixtures.samples.first { $0.kind == kind }?.variant)
        let found = problems(try body(kind, variant, sendAt: "9999-12-31T23:59:59-05:00"))
        #expect(found.map(\.path) == ["sendAt"])
        #expect(found.first?.kind == .unprocessable)
        #expect(FieldProblems(found).httpStatus == 422)
    }

    @Test(arguments: ["2027-02-30T00:00:00Z", "2027-01-01T25:00:00Z", "2027-01-01T09:60:00Z"])
    func anImpossibleSendTimeIsRefused(_ sendAt: String) throws {
        let found = problems(try body(.upcomingDebit, "tomorrow", sendAt: sendAt))
        #expect(found.map(\.path) == ["sendAt"])
        #expect(FieldProblems(found).httpStatus == 400)
    }

    @Test func anImpossibleLinkExpiryIsRefused() throws {
        let found = problems(try body(.checkIn, "due-today-24-hours", setting: "linkExpiresAt", to: .string("2027-02-30T00:00:00Z")))
        #expect(found.map(\.path) == ["context.linkExpiresAt"])
    }

    @Test func theLastSupportedSendTimeStillComposes() throws {
        let data = try body(.upcomingDebit, "tomorrow", sendAt: "9999-12-30T23:59:59+14:00", setting: "debitDate", to: .string("9999-12-31"))
        let result = try Fixtures.compose(data, id: "edge-2")
        #expect(result.message.eml.contains("Date: Thu, 30 Dec 9999 09:59:59 +0000\r\n"))
    }

    /// One character to a person, 150,001 scalars and 300 KB to a mail server: counted in scalars.
    @Test func combiningMarksCountTowardsTheLengthLimit() throws {
        let title = "e" + String(repeating: "\u{0301}", count: 150_000)
        #expect(title.count == 1)
        let found = problems(try body(.installmentPaid, "first-installment", setting: "productTitle", to: .string(title)))
        #expect(found.map(\.description) == ["context.productTitle: is longer than 1000 characters (Unicode scalars)"])
        let name = problems(try JSONEncoder().encode(JSONValue.object([
            "message": .string("installment-paid"), "context": Fixtures.sample(.installmentPaid, "first-installment"),
            "to": .array([.object(["email": .string("zoe@example.com"), "name": .string(title)])]),
        ])))
        #expect(name.map(\.path) == ["to[0].name"])
    }

    /// At the longest title, the most recipients and the longest names a caller can send, every
    /// header line stays within RFC 5322's 998 bytes and the whole header block within the
    /// composer's bound (under the 100 KiB mail servers keep of a header).
    @Test func headersStayBoundedAtTheLimits() throws {
        let longest = String(repeating: "\u{1F4B6}", count: SchemaValidator.maximumTextLength)
        let longestName = String(repeating: "\u{1F4B6}", count: AddressValidator.maximumDisplayNameBytes / 4)
        let longestAddress = String(repeating: "z", count: 64) + "@" + String(repeating: "d", count: 63) + "." + String(repeating: "e", count: 60)
        let request = MessageCatalog.Request(
            message: "installment-paid", locale: "fr",
            to: (0..<50).map { EmailAddress(email: "\($0)" + longestAddress.dropFirst("\($0)".count), name: longestName) },
            context: Fixtures.sample(.installmentPaid, "first-installment").setting("productTitle", .string(longest)))
        let result = try Fixtures.catalog.compose(request, id: "edge-1", now: PreviewSample.referenceTime)
        let eml = result.message.eml
        let head = try #require(eml.range(of: "\r\n\r\n")).lowerBound
        let headerBlock = eml[..<head]
        #expect(headerBlock.utf8.count <= 80_000, "\(headerBlock.utf8.count) bytes")
        #expect(headerBlock.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        let parsed = try ParsedEmail(parsing: eml)
        #expect(parsed.decodedHeader("Subject")?.contains(longest) == true)
        #expect(parsed.decodedHeader("To")?.components(separatedBy: longestName).count == 51)
    }

}
