/// Turns a response into bytes for the wire: head and body in one buffer, so a response leaves in
/// one `send`. The server, not the handler, owns framing headers: `Content-Length`, `Connection`, `Date`.
enum ResponseSerializer {
    /// - Parameters:
    ///   - headOnly: the request was `HEAD`: same headers, no body.
    ///   - keepAlive: whether the connection stays open after this response.
    ///   - date: the `Date` value (unless the handler set its own).
    static func serialize(_ response: ServerResponse, version: HTTPVersion, headOnly: Bool, keepAlive: Bool, date: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        var headerBytes = 0
        for field in response.headers { headerBytes += field.name.utf8.count + field.value.utf8.count + 4 }
        bytes.reserveCapacity(128 + headerBytes + (headOnly ? 0 : response.body.count))
        bytes.appendUTF8("HTTP/1.1 ")
        appendDecimal(response.status.code, to: &bytes)
        bytes.append(.space)
        bytes.appendUTF8(response.status.reason)
        bytes.append(contentsOf: crlf)
        var hasDate = false
        for field in response.headers {
            if HTTPHeaders.sameName(field.name, "Content-Length") || HTTPHeaders.sameName(field.name, "Connection")
                || HTTPHeaders.sameName(field.name, "Transfer-Encoding") { continue }
            if HTTPHeaders.sameName(field.name, "Date") { hasDate = true }
            bytes.appendUTF8(field.name)
            bytes.appendUTF8(": ")
            bytes.appendUTF8(field.value)
            bytes.append(contentsOf: crlf)
        }
        if !hasDate {
            bytes.appendUTF8("Date: ")
            bytes.append(contentsOf: date)
            bytes.append(contentsOf: crlf)
        }
        bytes.appendUTF8("Content-Length: ")
        appendDecimal(response.body.count, to: &bytes)
        bytes.append(contentsOf: crlf)
        if !keepAlive {
            bytes.appendUTF8("Connection: close\r\n")
        } else if version == .http10 {
            bytes.appendUTF8("Connection: keep-alive\r\n")
        }
        bytes.append(contentsOf: crlf)
        if !headOnly { bytes.append(contentsOf: response.body) }
        return bytes
    }

    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    private static let crlf: [UInt8] = [.cr, .lf]

    /// A decimal (0 for a negative value) without building a `String`.
    private static func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
        var rest = max(0, value)
        var divisor = 1
        while divisor <= rest / 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text` in one copy (appending `text.utf8` as a sequence goes byte by byte).
    fileprivate mutating func appendUTF8(_ text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
