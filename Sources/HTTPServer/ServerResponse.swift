/// A response a handler returns. The server adds `Content-Length`, `Date` and `Connection`.
public struct ServerResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    /// The body as the server writes it: its parts in order, each written as it is (one `sendmsg`
    /// gathers them), so a handler that keeps a body's bytes (a cached page) hands out the same
    /// storage to every response instead of a copy per response.
    public var bodyParts: [[UInt8]]

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.init(status: status, headers: headers, bodyParts: [body])
    }

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), bodyParts: [[UInt8]]) {
        self.status = status
        self.headers = headers
        self.bodyParts = bodyParts
    }

    public init(status: HTTPStatus, contentType: String, body: String) {
        self.init(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: Array(body.utf8))
    }

    /// The whole body in one buffer: the one part itself, or the parts joined.
    public var body: [UInt8] {
        get {
            guard bodyParts.count != 1 else { return bodyParts[0] }
            var joined: [UInt8] = []
            joined.reserveCapacity(bodyCount)
            for part in bodyParts { joined.append(contentsOf: part) }
            return joined
        }
        set { bodyParts = [newValue] }
    }

    /// The body's length in bytes, its parts together.
    public var bodyCount: Int { bodyParts.reduce(0) { $0 + $1.count } }

    /// A short plain-text answer, used for protocol-level errors the parser detects.
    public static func plain(_ status: HTTPStatus, _ text: String? = nil) -> ServerResponse {
        ServerResponse(status: status, contentType: "text/plain; charset=utf-8", body: (text ?? status.reason) + "\n")
    }
}
