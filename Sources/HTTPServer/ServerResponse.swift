/// A response a handler returns. The server adds `Content-Length`, `Date` and `Connection`.
public struct ServerResponse: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public init(status: HTTPStatus, contentType: String, body: String) {
        self.init(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: Array(body.utf8))
    }

    /// A short plain-text answer, used for protocol-level errors the parser detects.
    public static func plain(_ status: HTTPStatus, _ text: String? = nil) -> ServerResponse {
        ServerResponse(status: status, contentType: "text/plain; charset=utf-8", body: (text ?? status.reason) + "\n")
    }
}
