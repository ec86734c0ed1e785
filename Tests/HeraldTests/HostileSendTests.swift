import Foundation
import HeraldTesting
import Testing

/// Bodies that used to crash the server or slip past its checks, sent through the service's
/// request pipeline: each is a clear 4xx with its field path, and the service keeps answering.
@Suite struct HostileSendTests {
    @Test func aSendTimeBeyondYear9999InUTCIsA422AndTheServerLives() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let body = try SendRequests.body("upcoming-debit", to: "zoe@example.com", sendAt: "9999-12-31T23:59:59-05:00")
        let response = try client.post("/v1/messages", body)
        #expect(response.status == 422, "\(response.text)")
        let fields = response.json.flatMap { ($0["error"] as? [String: Any])?["fields"] as? [[String: Any]] } ?? []
        #expect(fields.contains { $0["path"] as? String == "sendAt" }, "\(response.text)")
        #expect(try client.post("/v1/render", body).status == 422)
        #expect(try client.get("/healthz").status == 200)
    }

    @Test func duplicateMembersUTF16AndDeepNestingAre400s() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let valid = try SendRequests.body("all-paid", to: "zoe@example.com")
        let duplicated = valid.replacingOccurrences(of: "{\"message\":", with: "{\"message\":\"all-paid\",\"message\":")
        let duplicate = try client.post("/v1/messages", duplicated)
        #expect(duplicate.status == 400, "\(duplicate.text)")
        #expect(duplicate.text.contains("\"path\":\"message\""), "\(duplicate.text)")

        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let bytes = Array(deep.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let answer = try client.send("POST", "/v1/messages", bytes: bytes)
        #expect(answer.status == 400)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("not UTF-8"))
        #expect(try client.post("/v1/messages", deep).status == 400)
        #expect(try client.get("/healthz").status == 200)
    }
}
