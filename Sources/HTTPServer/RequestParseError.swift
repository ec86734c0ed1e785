/// Why a request could not be accepted. Every case maps to one 4xx/5xx status, and the
/// connection is closed after answering: after a framing error the byte stream cannot be trusted.
package enum RequestParseError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformedRequestLine(String)
    case unknownMethod(String)
    case unsupportedVersion(String)
    case malformedHeader(String)
    case headTooLarge(limit: Int)
    case tooManyHeaders(limit: Int)
    case missingHost
    case repeatedHost
    case invalidContentLength(String)
    case repeatedContentLength
    case transferEncodingWithContentLength
    case chunkedNotSupported
    case unsupportedTransferEncoding(String)
    case bodyTooLarge(limit: Int)
    case unsupportedExpectation(String)
    case invalidTarget(String)

    package var status: HTTPStatus {
        switch self {
        case .malformedRequestLine, .malformedHeader, .missingHost, .repeatedHost, .invalidContentLength,
             .repeatedContentLength, .transferEncodingWithContentLength, .invalidTarget:
            .badRequest
        case .unknownMethod, .unsupportedTransferEncoding: .notImplemented
        case .unsupportedVersion: .httpVersionNotSupported
        case .headTooLarge, .tooManyHeaders: .requestHeaderFieldsTooLarge
        case .chunkedNotSupported: .lengthRequired
        case .bodyTooLarge: .contentTooLarge
        case .unsupportedExpectation: .expectationFailed
        }
    }

    package var description: String {
        switch self {
        case .malformedRequestLine(let why): "malformed request line: \(why)"
        case .unknownMethod(let method): "method not implemented: \(method.prefix(32))"
        case .unsupportedVersion(let version): "HTTP version not supported: \(version.prefix(32))"
        case .malformedHeader(let why): "malformed header: \(why)"
        case .headTooLarge(let limit): "request line and headers exceed \(limit) bytes"
        case .tooManyHeaders(let limit): "more than \(limit) header fields"
        case .missingHost: "HTTP/1.1 request without a Host header"
        case .repeatedHost: "more than one Host header"
        case .invalidContentLength(let value): "invalid Content-Length: \(value.prefix(32))"
        case .repeatedContentLength: "more than one Content-Length header"
        case .transferEncodingWithContentLength: "Transfer-Encoding and Content-Length together"
        case .chunkedNotSupported: "chunked request bodies are not supported: send Content-Length"
        case .unsupportedTransferEncoding(let coding): "Transfer-Encoding not supported: \(coding.prefix(32))"
        case .bodyTooLarge(let limit): "request body exceeds \(limit) bytes"
        case .unsupportedExpectation(let value): "unsupported Expect: \(value.prefix(32))"
        case .invalidTarget(let why): "invalid request target: \(why)"
        }
    }
}
