import TestSupport
import Foundation

/// A tiny HTTP/1.1 client over `RawClient` for end-to-end tests: one request, one response.
struct HTTPClient {
    let port: Int
    /// How long one exchange may take; the largest requests need more under the sanitizers.
    var timeout: TimeInterval = 15
    var token: String?

    struct Response {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }
        /// `error.code` of an error body.
        var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }
        var errorFields: [[String: String]] { ((json?["error"] as? [String: Any])?["fields"] as? [[String: String]]) ?? [] }
    }

    func send(_ method: String, _ path: String, body: String? = nil, contentType: String = "application/json", headers: [(String, String)] = []) throws -> Response {
        let client = try RawClient(port: port, timeout: timeout)
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let token { text += "Authorization: Bearer \(token)\r\n" }
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        let bytes = Array((body ?? "").utf8)
        if body != nil { text += "Content-Type: \(contentType)\r\nContent-Length: \(bytes.count)\r\n" }
        client.send(Array((text + "\r\n").utf8) + bytes)
        guard let response = client.readResponse(headOnly: method == "HEAD") else { throw HTTPClientError.noResponse(method, path) }
        return Response(status: response.status, headers: response.headers, body: response.body)
    }

    func get(_ path: String) throws -> Response { try send("GET", path) }
    func post(_ path: String, _ body: String) throws -> Response { try send("POST", path, body: body) }

    enum HTTPClientError: Error { case noResponse(String, String) }
}
