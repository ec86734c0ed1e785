import TestSupport
import Testing

extension RawClient {
    /// `count` keep-alive connections, each answered once (`GET {path}`) and left open, idle in
    /// the order they were opened: the fill for the connection-cap tests.
    static func answeredKeepAlive(_ count: Int, port: Int, path: (Int) -> String) throws -> [RawClient] {
        try (0..<count).map { index in
            let client = try RawClient(port: port)
            client.send("GET \(path(index)) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
            return client
        }
    }
}
