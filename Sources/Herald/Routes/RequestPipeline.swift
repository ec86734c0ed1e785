import HeraldLogging
import HTTPServer

/// What happens around every route: auth on `/v1/*`, routing with JSON 404/405 answers, one
/// log line per request, and request metrics by route pattern (never by raw path, which would
/// let callers create unbounded label values).
///
/// The route is matched once; the handler's `RequestContext` brings back what the log line
/// needs from it (the message id), so nothing travels in response headers for the log's sake.
struct RequestPipeline: Sendable {
    /// The log field (and `RequestContext` metadata key) of the message a request concerns.
    static let messageIDField = "messageId"

    let router: RouteTable
    let authenticator: BearerAuthenticator?
    let logger: HeraldLog
    let metrics: MetricsRegistry

    static func describeMetrics(_ metrics: MetricsRegistry) {
        metrics.describe("herald_http_requests_total", help: "HTTP requests by route, method and status.", type: "counter")
        metrics.describe("herald_http_request_duration_seconds", help: "HTTP request latency by route, in seconds.", type: "histogram")
    }

    func handle(_ request: ServerRequest) -> ServerResponse {
        let started = MonotonicClock.now()
        let (response, route, logMetadata) = route(request)
        let duration = MonotonicClock.now() - started
        let status = String(response.status.code)
        metrics.increment("herald_http_requests_total", [("route", route), ("method", request.method.rawValue), ("status", status)])
        metrics.observe("herald_http_request_duration_seconds", [("route", route)], duration)
        var fields: HeraldLog.Fields = [
            "method": .string(request.method.rawValue), "path": .string(request.rawPath),
            "status": .int(response.status.code), "durationMs": .double((duration * 1_000_000).rounded() / 1000),
        ]
        for (key, value) in logMetadata.sorted(by: { $0.key < $1.key }) { fields.append(key, .string(value)) }
        logger.info("request", fields)
        return response
    }

    /// Where the server runs `handle` for this request: the route's choice (`.eventLoop` only for
    /// routes that never block). The pipeline's own work, auth, metrics and the log line, runs there
    /// too: a log line is one `write(2)` to stderr, which waits only if stderr is a pipe nobody reads.
    func execution(for request: ServerRequest) -> HandlerExecution {
        router.execution(for: request)
    }

    /// The answer, the metrics label of the route, and the log metadata its handler left.
    private func route(_ request: ServerRequest) -> (ServerResponse, route: String, logMetadata: [String: String]) {
        if let authenticator, request.pathSegments.first == "v1", !authenticator.isAuthorized(request) {
            return (APIError(.unauthorized, code: "unauthorized", message: "missing or wrong bearer token").response, "/v1/*", [:])
        }
        switch router.match(request) {
        case .success(let match):
            let (response, context) = match.run(request)
            return (response, match.pattern, context.logMetadata)
        case .failure(let error):
            let label = if case .methodNotAllowed = error.miss { "method_not_allowed" } else { "unmatched" }
            return (router.answer(request, error.miss), label, [:])
        }
    }
}

extension RequestContext {
    /// The id of the message the request concerns, for its log line (README "API", logs).
    var messageID: String? {
        get { logMetadata[RequestPipeline.messageIDField] }
        set { logMetadata[RequestPipeline.messageIDField] = newValue }
    }

    /// The `{name}` path parameter. A route asking for a name its pattern lacks is Herald's own
    /// mistake, so it is a `500`, never an empty id answered as the caller's `404`.
    func parameter(_ name: String) throws(APIError) -> String {
        do {
            return try parameters.require(name)
        } catch {
            throw APIError(.internalServerError, code: "internal", message: error.description)
        }
    }
}
