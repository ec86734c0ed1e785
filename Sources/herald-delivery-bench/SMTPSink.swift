import Foundation
import Glibc
import Synchronization

/// A minimal SMTP server on 127.0.0.1 that accepts and discards everything: the far end for throughput
/// measurements, so the figures measure Herald's side (a thread per connection, plain text, no TLS).
final class SMTPSink: Sendable {
    let port: UInt16
    private let listener: Int32
    private let accepted = Atomic<Int>(0)
    private let sessions = Atomic<Int>(0)

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && listen(fd, 512) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard ok else { throw BenchError("cannot listen on 127.0.0.1") }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Messages accepted (250 after DATA) and connections opened so far.
    var messages: Int { accepted.load(ordering: .relaxed) }
    var connections: Int { sessions.load(ordering: .relaxed) }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            sessions.add(1, ordering: .relaxed)
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer: [UInt8] = []
        var inData = false
        send(fd, "220 sink ESMTP\r\n")
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count <= 0 { return }
            buffer.append(contentsOf: chunk[0..<count])
            var start = 0
            while true {
                if inData {
                    guard let end = find([13, 10, 46, 13, 10], in: buffer, from: start) else { break }
                    start = end + 5
                    inData = false
                    accepted.add(1, ordering: .relaxed)
                    send(fd, "250 2.0.0 Ok\r\n")
                    continue
                }
                guard let newline = find([13, 10], in: buffer, from: start) else { break }
                let line = String(decoding: buffer[start..<newline], as: UTF8.self).uppercased()
                start = newline + 2
                if line.hasPrefix("EHLO") {
                    send(fd, "250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
                } else if line.hasPrefix("DATA") {
                    send(fd, "354 go ahead\r\n")
                    inData = true
                    start -= 2  // the body's end marker may start with the CRLF that ended DATA
                } else if line.hasPrefix("QUIT") {
                    send(fd, "221 bye\r\n")
                    return
                } else {
                    send(fd, "250 Ok\r\n")
                }
            }
            buffer.removeFirst(min(start, buffer.count))
        }
    }

    private func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        var index = from
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    private func send(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        _ = write(fd, &bytes, bytes.count)
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
