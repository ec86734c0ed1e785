/// Turns a response into bytes for the wire: the head, then the body's parts as the handler gave
/// them (the event loop gathers them into one `sendmsg`), except that a small body is copied behind
/// the head, which costs less than a piece of its own. The server, not the handler, owns framing
/// headers: `Content-Length`, `Connection`, `Date`.
enum ResponseSerializer {
    /// The largest body copied behind the head rather than written as its own pieces.
    static let copiedBodyLimit = 2_048

    /// The head and the body's parts (none for `HEAD`), in the order they go out.
    /// - Parameters:
    ///   - headOnly: the request was `HEAD`: same headers, no body.
    ///   - keepAlive: whether the connection stays open after this response.
    ///   - date: the `Date` value (unless the handler set its own).
    static func pieces(_ response: ServerResponse, version: HTTPVersion, headOnly: Bool, keepAlive: Bool, date: [UInt8]) -> [[UInt8]] {
        if !headOnly && response.bodyCount > copiedBodyLimit {
            return [head(response, version: version, keepAlive: keepAlive, date: date)] + response.bodyParts
        }
        return [serialize(response, version: version, headOnly: headOnly, keepAlive: keepAlive, date: date)]
    }

    /// Head and body in one buffer (a refused connection's answer leaves in one `send`).
    static func serialize(_ response: ServerResponse, version: HTTPVersion, headOnly: Bool, keepAlive: Bool, date: [UInt8]) -> [UInt8] {
        var bytes = head(response, version: version, keepAlive: keepAlive, date: date, room: headOnly ? 0 : response.bodyCount)
        if !headOnly {
            for part in response.bodyParts { bytes.append(contentsOf: part) }
        }
        return bytes
    }

    private static func head(_ response: ServerResponse, version: HTTPVersion, keepAlive: Bool, date: [UInt8], room: Int = 0) -> [UInt8] {
        var bytes: [UInt8] = []
        var headerBytes = 0
        for field in response.headers { headerBytes += field.name.utf8.count + field.value.utf8.count + 4 }
        bytes.reserveCapacity(128 + headerBytes + room)
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
        appendDecimal(response.bodyCount, to: &bytes)
        bytes.append(contentsOf: crlf)
        if !keepAlive {
            bytes.appendUTF8("Connection: close\r\n")
        } else if version == .http10 {
            bytes.appendUTF8("Connection: keep-alive\r\n")
        }
        bytes.append(contentsOf: crlf)
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
