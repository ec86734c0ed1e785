import HTTPServer

/// `GET /v1/openapi.json`: the contract of the routes registered before it, and of itself
/// (`OpenAPIDocument`). Built once: the routes do not change while the service runs.
enum OpenAPIRoute {
    static let pattern = "/v1/openapi.json"

    /// Registers the route; call it after every other route is on `router`.
    static func register(on router: inout RouteTable, requiresToken: Bool) {
        let routes = router.registeredRoutes + [(method: HTTPMethod.get, pattern: pattern)]
        let response = JSONResponse.raw(.ok, OpenAPIDocument.json(routes: routes, requiresToken: requiresToken))
        router.add(.get, pattern) { _, _ in response }
    }
}
