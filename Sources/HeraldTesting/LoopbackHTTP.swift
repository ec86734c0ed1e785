import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `TestHerald`'s `.live` client: one request on its own connection to 127.0.0.1, the response
/// read to the server's close (the request says `Connection: close`). Blocking, with a deadline
/// on every read and write, so a silent server fails the test instead of hanging it.
enum LoopbackHTTP {
    static func exchange(_ request: [UInt8], port: Int, headOnly: Bool, timeout: Double = 15) throws(TestHeraldError) -> TestResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .connection("socket: errno \(errno)") }
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(clamping: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw .connection("connect to port \(port): errno \(errno)") }

        var offset = 0
        while offset < request.count {
            let sent = request.withUnsafeBytes { bytes in
                Glibc.send(fd, bytes.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw .connection("send: errno \(errno)") }
            offset += sent
        }

        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count == 0 { break }
            guard count > 0 else {
                if errno == ECONNRESET, !received.isEmpty { break }
                throw .connection("recv: errno \(errno)")
            }
            received.append(contentsOf: chunk[0..<count])
        }
        return try parse(received, headOnly: headOnly)
    }

    /// Status line, headers, and the body framed by `Content-Length`.
    private static func parse(_ bytes: [UInt8], headOnly: Bool) throws(TestHeraldError) -> TestResponse {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = bytes.indices.first(where: { bytes[$0...].starts(with: separator) }) else {
            throw .connection("closed before a whole response head (\(bytes.count) bytes)")
        }
        var lines = String(decoding: bytes[..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw .connection("malformed status line") }
        let headers = lines.map { line -> (String, String) in
            let parts = line.split(separator: ":", maxSplits: 1)
            return (String(parts.first ?? ""), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
        }
        let bodyStart = headEnd + separator.count
        let declared = Int(headers.first { $0.0.lowercased() == "content-length" }?.1 ?? "") ?? (bytes.count - bodyStart)
        let length = headOnly ? 0 : declared
        guard length >= 0, bytes.count - bodyStart >= length else { throw .connection("closed inside the body") }
        return TestResponse(status: status, headers: headers, body: Array(bytes[bodyStart..<(bodyStart + length)]))
    }
}
