/// Turns a response into bytes for the wire. The server, not the handler, owns framing
/// headers: `Content-Length`, `Connection`, `Date`.
enum ResponseSerializer {
    /// - Parameters:
    ///   - headOnly: the request was `HEAD`: same headers, no body.
    ///   - keepAlive: whether the connection stays open after this response.
    static func serialize(_ response: ServerResponse, version: HTTPVersion, headOnly: Bool, keepAlive: Bool, date: String) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status.code) \(response.status.reason)\r\n"
        for field in response.headers {
            let lower = field.name.lowercased()
            if lower == "content-length" || lower == "connection" || lower == "transfer-encoding" { continue }
            head += "\(field.name): \(field.value)\r\n"
        }
        if response.headers["Date"] == nil { head += "Date: \(date)\r\n" }
        head += "Content-Length: \(response.body.count)\r\n"
        if !keepAlive {
            head += "Connection: close\r\n"
        } else if version == .http10 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if !headOnly { bytes.append(contentsOf: response.body) }
        return bytes
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
}
