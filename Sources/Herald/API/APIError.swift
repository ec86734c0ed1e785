import HeraldLogging
import HTTPServer

/// An error answer of the API: `{"error":{"code","message","fields":[{"path","problem"}]}}`
/// (README "API"). At most 100 field entries, so a hostile body cannot amplify the answer.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public struct Field: Sendable, Equatable {
        public var path: String
        public var problem: String

        public init(path: String, problem: String) {
            self.path = path
            self.problem = problem
        }
    }

    public static let maximumFields = 100

    public var status: HTTPStatus
    public var code: String
    public var message: String
    public private(set) var fields: [Field]
    /// For `409`s about an existing message: its id, in the body and the log line.
    public var existingID: String?
    /// For `503`s that pass with time (a full spool): seconds the caller should wait, as `Retry-After`.
    public var retryAfter: Int?

    public init(_ status: HTTPStatus, code: String, message: String, fields: [Field] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.fields = Array(fields.prefix(Self.maximumFields))
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// The error body, `{"error":{…}}`: the answer's body, and a batch item's.
    public var json: String {
        var body = "{\"error\":{\"code\":\(JSONText.quoted(code)),\"message\":\(JSONText.quoted(message))"
        if !fields.isEmpty {
            body += ",\"fields\":[" + fields.map { "{\"path\":\(JSONText.quoted($0.path)),\"problem\":\(JSONText.quoted($0.problem))}" }.joined(separator: ",") + "]"
        }
        if let existingID { body += ",\"id\":\(JSONText.quoted(existingID))" }
        return body + "}}"
    }

    public var response: ServerResponse {
        var response = ServerResponse(status: status, contentType: "application/json", body: json)
        if let retryAfter { response.headers.add("Retry-After", String(retryAfter)) }
        if status == .unauthorized { response.headers.add("WWW-Authenticate", "Bearer realm=\"herald\"") }
        return response
    }

    /// The machine-readable code for a status the HTTP layer produces itself.
    public static func forProtocol(_ status: HTTPStatus, _ detail: String) -> APIError {
        let code = switch status.code {
        case 400: "bad_request"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 411: "length_required"
        case 413: "body_too_large"
        case 417: "expectation_failed"
        case 431: "headers_too_large"
        case 501: "not_implemented"
        case 503: "unavailable"
        case 505: "http_version_not_supported"
        default: "http_\(status.code)"
        }
        return APIError(status, code: code, message: detail)
    }

    public static func notFound(_ what: String) -> APIError { APIError(.notFound, code: "not_found", message: what) }
}
