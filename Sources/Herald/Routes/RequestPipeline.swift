import HeraldLogging
import HTTPServer

/// What happens around every route: auth on `/v1/*`, routing with JSON 404/405 answers, one
/// log line per request, and request metrics by route pattern (never by raw path, which would
/// let callers create unbounded label values).
struct RequestPipeline: Sendable {
    /// Routes set this header to the message id their request concerns, for the log line.
    static let messageIDHeader = "X-Herald-Message-Id"

    let router: Router
    let authenticator: BearerAuthenticator?
    let logger: HeraldLog
    let metrics: MetricsRegistry

    static func describeMetrics(_ metrics: MetricsRegistry) {
        metrics.describe("herald_http_requests_total", help: "HTTP requests by route, method and status.", type: "counter")
        metrics.describe("herald_http_request_duration_seconds", help: "HTTP request latency by route, in seconds.", type: "histogram")
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = MonotonicClock.now()
        var route = "unmatched"
        let response: HTTPResponse
        if let authenticator, request.pathSegments.first == "v1", !authenticator.isAuthorized(request) {
            route = "/v1/*"
            response = APIError(.unauthorized, code: "unauthorized", message: "missing or wrong bearer token").response
        } else {
            switch router.match(request) {
            case .success(let found):
                route = found.pattern
                var routed = request
                routed.pathParameters = found.parameters
                response = found.handler(routed)
            case .failure(let error):
                response = router.respond(to: request)
                if case .methodNotAllowed = error.miss { route = "method_not_allowed" }
            }
        }
        let duration = MonotonicClock.now() - started
        let status = String(response.status.code)
        metrics.increment("herald_http_requests_total", [("route", route), ("method", request.method.rawValue), ("status", status)])
        metrics.observe("herald_http_request_duration_seconds", [("route", route)], duration)
        var fields: HeraldLog.Fields = [
            "method": .string(request.method.rawValue), "path": .string(request.rawPath),
            "status": .int(response.status.code), "durationMs": .double((duration * 1_000_000).rounded() / 1000),
        ]
        if let id = response.headers[Self.messageIDHeader] { fields.append("messageId", .string(id)) }
        logger.info("request", fields)
        return response
    }
}
