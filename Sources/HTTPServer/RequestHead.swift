/// The part of a request before its body, with the framing already decided.
package struct RequestHead: Sendable {
    package var method: HTTPMethod
    package var target: String
    package var version: HTTPVersion
    package var headers: HTTPHeaders
    /// Body length from `Content-Length` (0 when absent).
    package var contentLength: Int
    /// The client sent `Expect: 100-continue` and waits for an interim answer before the body.
    package var expectsContinue: Bool
    package var pathSegments: [String]
    package var query: [(name: String, value: String)]

    /// The full request once its body has arrived.
    package func request(body: [UInt8]) -> ServerRequest {
        ServerRequest(method: method, target: target, version: version, headers: headers, body: body,
                    pathSegments: pathSegments, query: query)
    }
}

/// The protocol versions the server speaks: HTTP/1.0 and HTTP/1.1 (anything else is a `505`).
public enum HTTPVersion: String, Sendable, Hashable {
    case http10 = "HTTP/1.0"
    case http11 = "HTTP/1.1"
}
