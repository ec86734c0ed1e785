import HTTPServer

/// `/healthz` (liveness, answered on the event loop: it never blocks) and `/metrics` (Prometheus
/// text exposition).
enum OperationsRoutes {
    static func register(on router: inout RouteTable, metrics: MetricsRegistry) {
        router.add(.get, "/healthz", runsOn: .eventLoop) { _, _ in
            JSONResponse.raw(.ok, "{\"status\":\"ok\"}")
        }
        router.add(.get, "/metrics") { _, _ in
            ServerResponse(status: .ok, contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.exposition())
        }
    }
}
