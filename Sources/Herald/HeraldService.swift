import Delivery
import Foundation
import HeraldLogging
import HTTPServer
import Messages

/// `herald serve`: the HTTP server with every route of README "API" and §6, its logs and metrics,
/// the spool's delivery worker, and a graceful stop on SIGTERM/SIGINT.
public final class HeraldService: Sendable {
    public let configuration: HeraldConfiguration
    public let logger: HeraldLog
    public let metrics: MetricsRegistry
    /// Nil when the service takes requests in process only.
    private let server: HeraldHTTPServer?
    private let pipeline: RequestPipeline
    private let spool: Spool

    /// How the service takes its requests.
    public enum Listening: Sendable {
        /// On `listenHost:listenPort`, as `herald serve` does.
        case socket
        /// Through `respond(to:)` only, with no port bound: HeraldTesting's `.router` mode, where a
        /// test's requests take the same pipeline (auth, routes, log line, metrics) without a socket.
        case inProcess
    }

    /// Loads templates, opens the spool and binds the port (unless `listening` is `.inProcess`), so
    /// every startup problem is reported here, before any log line says "started". Every line the
    /// service and its spool's worker log goes to `logger`, the caller's.
    public init(configuration: HeraldConfiguration, logger: HeraldLog, listening: Listening = .socket) throws(ServiceError) {
        self.configuration = configuration
        self.logger = logger
        let metrics = MetricsRegistry()
        self.metrics = metrics
        RequestPipeline.describeMetrics(metrics)

        let brand = configuration.brand
        let renderer: MessageRenderer
        do {
            renderer = try MessageRenderer(templatesDirectory: URL(fileURLWithPath: configuration.templatesPath), brand: brand)
        } catch {
            throw .templates(error.description)
        }
        let sender = configuration.sender
        let catalog = configuration.catalog(renderer: renderer)

        let spool: Spool
        do {
            spool = try Self.openSpool(configuration, metrics: metrics, log: logger)
            try spool.start()
        } catch {
            throw .spool(String(describing: error))
        }
        self.spool = spool
        Self.collectDeliveryMetrics(metrics, spool: spool, logger: logger)

        var router = RouteTable { request, miss in
            switch miss {
            case .notFound: APIError.notFound("no route for \(request.rawPath)").response
            case .methodNotAllowed: APIError(.methodNotAllowed, code: "method_not_allowed", message: "\(request.method.rawValue) is not allowed on \(request.rawPath)").response
            }
        }
        OperationsRoutes.register(on: &router, metrics: metrics)
        MessageRoutes(submission: MessageSubmission(catalog: catalog, spool: spool), logger: logger).register(on: &router)
        EventRoutes(spool: spool, logger: logger).register(on: &router)
        RenderRoute(catalog: catalog, logger: logger).register(on: &router)
        TemplatesRoute.register(on: &router, languages: renderer.languages)
        if configuration.previewsEnabled {
            PreviewRoutes(configuration: configuration, sender: sender, logger: logger).register(on: &router)
        }
        OpenAPIRoute.register(on: &router, requiresToken: configuration.apiToken != nil)

        let pipeline = RequestPipeline(
            router: router, authenticator: configuration.apiToken.map(BearerAuthenticator.init(token:)),
            logger: logger, metrics: metrics)
        self.pipeline = pipeline
        guard case .socket = listening else {
            server = nil
            return
        }
        let serverConfiguration = ServerConfiguration(
            host: configuration.listenHost, port: configuration.listenPort,
            // Room for a send request carrying the most attachments allowed (README "Attachments").
            limits: RequestLimits(maxBodyBytes: AttachmentLimits.maximumRequestBytes), eventLoopCount: configuration.eventLoops,
            errorResponse: { status, detail in APIError.forProtocol(status, detail).response })
        do {
            server = try HeraldHTTPServer(configuration: serverConfiguration, handler: pipeline.handle, execution: pipeline.execution(for:))
        } catch {
            spool.stop(drainTimeout: 5)
            throw .listen(error)
        }
    }

    /// Method and pattern of every route this service answers, in registration order.
    package var registeredRoutes: [(method: HTTPMethod, pattern: String)] { pipeline.router.registeredRoutes }

    /// The bound port (differs from the configured one when that was 0); nil when in process.
    public var port: Int? { server?.port }

    /// Answers one request as the server would (auth, routing, the request's log line and metrics),
    /// without a socket. The server adds `Content-Length`, `Date` and `Connection`; this does not.
    public func respond(to request: ServerRequest) -> ServerResponse {
        pipeline.handle(request)
    }

    /// Serves until SIGTERM/SIGINT; then stops accepting, finishes in-flight requests, lets the
    /// spool's worker finish the deliveries it holds, and returns.
    public func run() {
        let signals = ShutdownSignals { [server, logger] number in
            logger.info("shutdown", ["signal": .int(Int(number))])
            server?.shutdown()
        }
        start()
        server?.waitUntilStopped()
        finish()
        withExtendedLifetime(signals) {}
    }

    /// Starts serving (accepting connections, when listening) and logs `started`; returns at once.
    public func start() {
        server?.start()
        logger.info("started", [
            "port": .int(port ?? 0),
            "configuration": .object(HeraldLog.Fields(configuration.masked.map { ($0.0, .string($0.1)) })),
        ])
        if configuration.usesSampleSender {
            // Mail from localhost is refused or spam-foldered by real receivers; say so before any is sent.
            logger.warning("sample_sender", [
                "from": .string(configuration.from.description),
                "hint": "set HERALD_FROM (--from) to the brand's address",
            ])
        }
        if let dkim = configuration.dkim, !configuration.isAligned(dkim) {
            // DMARC passes on DKIM only when d= is the From domain or a parent of it.
            logger.warning("dkim_not_aligned", [
                "dkimDomain": .string(dkim.domain), "from": .string(configuration.from.email),
                "hint": "set HERALD_DKIM_DOMAIN to the sender's domain (or a parent of it) for DMARC",
            ])
        }
    }

    /// The graceful stop of `run()` without a signal: stops accepting, finishes in-flight requests,
    /// lets the spool's worker finish, and returns. Call it once, after `start()`.
    public func stop() {
        server?.shutdown()
        server?.waitUntilStopped()
        finish()
    }

    private func finish() {
        let drained = spool.stop(drainTimeout: 10)
        logger.info("stopped", ["spoolDrained": .bool(drained)])
    }

    /// The configured spool, its transport wrapped to count delivery attempts for `/metrics`.
    private static func openSpool(_ configuration: HeraldConfiguration, metrics: MetricsRegistry, log: HeraldLog) throws(SpoolError) -> Spool {
        metrics.describe(CountingTransport.metricName, help: "Delivery attempts by transport and outcome.", type: "counter")
        let delivery = configuration.delivery
        return try delivery.openSpool(
            log: log,
            wrapping: { transport in CountingTransport(base: transport, name: delivery.transportName, metrics: metrics) })
    }

    /// Messages by state and spool depth, read from the spool at scrape time.
    private static func collectDeliveryMetrics(_ metrics: MetricsRegistry, spool: Spool, logger: HeraldLog) {
        let counts: @Sendable () -> [DeliveryState: Int] = {
            do throws(SpoolError) {
                return try spool.counts()
            } catch {
                logger.warning("metrics_spool_unreadable", ["error": .string(error.description)])
                return [:]
            }
        }
        metrics.collect("herald_messages", help: "Messages in the spool by state.") {
            counts().sorted { $0.key.rawValue < $1.key.rawValue }.map { ([("state", $0.key.rawValue)], Double($0.value)) }
        }
        metrics.collect("herald_webhook_deliveries", help: "Webhook deliveries still to be made (pending) and given up (abandoned).") {
            do throws(SpoolError) {
                let counts = try spool.webhookDeliveryCounts()
                return [([("state", "abandoned")], Double(counts.abandoned)), ([("state", "pending")], Double(counts.pending))]
            } catch {
                logger.warning("metrics_spool_unreadable", ["error": .string(error.description)])
                return []
            }
        }
        metrics.collect("herald_spool_depth", help: "Messages not yet finished (queued, scheduled, sending, retrying).") {
            do throws(SpoolError) {
                return [([], Double(try spool.depth()))]
            } catch {
                logger.warning("metrics_spool_unreadable", ["error": .string(error.description)])
                return []
            }
        }
    }
}
