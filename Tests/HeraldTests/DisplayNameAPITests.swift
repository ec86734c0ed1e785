import Foundation
import HeraldTesting
import Testing

/// The send API bounds display names in bytes, so no request can make a `To` header that mail
/// servers truncate; the service answers with the field path. A name that is well-formed but too many
/// bytes is a 422: the published schema can only bound characters (README "API contract").
@Suite struct DisplayNameAPITests {
    func body(recipients: Int, name: String) throws -> String {
        let to = (0..<recipients).map { "{\"email\":\"r\($0)@example.com\",\"name\":\"\(name)\"}" }.joined(separator: ",")
        return "{\"message\":\"all-paid\",\"to\":[\(to)],\"context\":\(try SendRequests.sampleContext("all-paid"))}"
    }

    @Test func fiftyLongNamesAreA422OnEachNameAndTheLongestAllowedNamesSend() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let refused = try client.post("/v1/messages", try body(recipients: 50, name: String(repeating: "\u{1F4B6}", count: 1_000)))
        #expect(refused.status == 422, "\(refused.text.prefix(300))")
        let fields = refused.json.flatMap { ($0["error"] as? [String: Any])?["fields"] as? [[String: Any]] } ?? []
        #expect(fields.count == 50)
        #expect(fields.first?["path"] as? String == "to[0].name")
        #expect(fields.first?["problem"] as? String == "is longer than 200 bytes of UTF-8")

        let longest = try client.post("/v1/render", try body(recipients: 50, name: String(repeating: "\u{1F4B6}", count: 50)))
        #expect(longest.status == 200, "\(longest.text.prefix(300))")
        let eml = try #require((longest.json?["eml"] as? String))
        let head = try #require(eml.range(of: "\r\n\r\n")).lowerBound
        #expect(eml[..<head].utf8.count < 64 * 1_024, "\(eml[..<head].utf8.count) bytes of header")
    }
}
