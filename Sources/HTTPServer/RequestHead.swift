/// The part of a request before its body, with the framing already decided.
public struct RequestHead: Sendable {
    public var method: HTTPMethod
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// Body length from `Content-Length` (0 when absent).
    public var contentLength: Int
    /// The client sent `Expect: 100-continue` and waits for an interim answer before the body.
    public var expectsContinue: Bool
    public var pathSegments: [String]
    public var query: [(name: String, value: String)]

    /// The full request once its body has arrived.
    public func request(body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: method, target: target, version: version, headers: headers, body: body,
                    pathSegments: pathSegments, query: query)
    }
}
