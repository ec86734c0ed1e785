import Testing
@testable import HTTPServer

/// The bytes of a response on the wire: one buffer with the head and the body, and the framing
/// headers the server owns (`Date`, `Content-Length`, `Connection`).
@Suite struct ResponseSerializerTests {
    private let date = Array("Fri, 04 Dec 2026 18:03:01 GMT".utf8)

    private func wire(_ response: ServerResponse, version: HTTPVersion = .http11, headOnly: Bool = false, keepAlive: Bool = true) -> String {
        String(decoding: ResponseSerializer.serialize(response, version: version, headOnly: headOnly, keepAlive: keepAlive, date: date), as: UTF8.self)
    }

    @Test func headAndBodyInOneBuffer() {
        let response = ServerResponse(status: .ok, contentType: "application/json", body: "{\"status\":\"ok\"}")
        #expect(wire(response) == "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Fri, 04 Dec 2026 18:03:01 GMT\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}")
    }

    @Test func theServerOwnsTheFramingHeadersWhateverTheirCase() {
        let headers = HTTPHeaders([("content-length", "999"), ("CONNECTION", "upgrade"), ("Transfer-Encoding", "chunked"), ("X-A", "1")])
        let response = ServerResponse(status: .notFound, headers: headers, body: Array("no".utf8))
        #expect(wire(response, keepAlive: false) == "HTTP/1.1 404 Not Found\r\nX-A: 1\r\nDate: Fri, 04 Dec 2026 18:03:01 GMT\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno")
    }

    @Test func aHandlersDateIsKept() {
        let response = ServerResponse(status: .noContent, headers: HTTPHeaders([("date", "Thu, 01 Jan 1970 00:00:00 GMT")]))
        #expect(wire(response) == "HTTP/1.1 204 No Content\r\ndate: Thu, 01 Jan 1970 00:00:00 GMT\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func headKeepsTheLengthWithoutTheBodyAndHTTP10SaysKeepAlive() {
        let response = ServerResponse(status: HTTPStatus(299, "Odd"), body: [UInt8](repeating: 65, count: 12_345))
        #expect(wire(response, version: .http10, headOnly: true) == "HTTP/1.1 299 Odd\r\nDate: Fri, 04 Dec 2026 18:03:01 GMT\r\nContent-Length: 12345\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func theDateIsTheIMFFixdateOfTheSecond() {
        #expect(String(decoding: HTTPDate.format(secondsSinceEpoch: 0), as: UTF8.self) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(String(decoding: HTTPDate.format(secondsSinceEpoch: 1_796_407_381), as: UTF8.self) == "Fri, 04 Dec 2026 18:03:01 GMT")
        #expect(HTTPDate.now().count == 29)
    }
}
