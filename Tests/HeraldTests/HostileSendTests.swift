import Foundation
import Testing
import TestSupport

/// Bodies that used to crash the server or slip past its checks, sent to the real binary: each is
/// a clear 4xx with its field path, and the server keeps serving.
@Suite(.serialized) struct HostileSendTests {
    @Test func aSendTimeBeyondYear9999InUTCIsA422AndTheServerLives() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let body = try SendRequests.body("upcoming-debit", to: "zoe@example.com", sendAt: "9999-12-31T23:59:59-05:00")
        let response = try client.post("/v1/messages", body)
        #expect(response.status == 422, "\(response.text)")
        let fields = response.json.flatMap { ($0["error"] as? [String: Any])?["fields"] as? [[String: Any]] } ?? []
        #expect(fields.contains { $0["path"] as? String == "sendAt" }, "\(response.text)")
        #expect(try client.post("/v1/render", body).status == 422)
        #expect(try client.get("/healthz").status == 200)
    }

    @Test func duplicateMembersUTF16AndDeepNestingAre400s() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let valid = try SendRequests.body("all-paid", to: "zoe@example.com")
        let duplicated = valid.replacingOccurrences(of: "{\"message\":", with: "{\"message\":\"all-paid\",\"message\":")
        let duplicate = try client.post("/v1/messages", duplicated)
        #expect(duplicate.status == 400, "\(duplicate.text)")
        #expect(duplicate.text.contains("\"path\":\"message\""), "\(duplicate.text)")

        let deep = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        let utf16 = try RawClient(port: herald.port, timeout: 15)
        let bytes = Array(deep.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        utf16.send(Array("POST /v1/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: \(bytes.count)\r\n\r\n".utf8) + bytes)
        let answer = try #require(utf16.readResponse())
        #expect(answer.status == 400)
        #expect(String(decoding: answer.body, as: UTF8.self).contains("not UTF-8"))
        #expect(try client.post("/v1/messages", deep).status == 400)
        #expect(try client.get("/healthz").status == 200)
    }
}
