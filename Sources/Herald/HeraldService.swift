import Foundation
import HTTPServer

/// `herald serve`: the HTTP server with every route of DESIGN §4 and §6, its logs and metrics,
/// and a graceful stop on SIGTERM/SIGINT.
public final class HeraldService: Sendable {
    public let configuration: HeraldConfiguration
    public let logger: Logger
    public let metrics: MetricsRegistry
    private let server: HTTPServer

    /// Builds everything and binds the port (so a port in use fails here, before any log line says "listening").
    public init(configuration: HeraldConfiguration, logger: Logger = Logger()) throws(ServiceError) {
        self.configuration = configuration
        self.logger = logger
        let metrics = MetricsRegistry()
        self.metrics = metrics
        RequestPipeline.describeMetrics(metrics)

        var router = Router { request, miss in
            switch miss {
            case .notFound: APIError.notFound("no route for \(request.rawPath)").response
            case .methodNotAllowed: APIError(.methodNotAllowed, code: "method_not_allowed", message: "\(request.method.rawValue) is not allowed on \(request.rawPath)").response
            }
        }
        OperationsRoutes.register(on: &router, metrics: metrics)

        let pipeline = RequestPipeline(
            router: router, authenticator: configuration.apiToken.map(BearerAuthenticator.init(token:)),
            logger: logger, metrics: metrics)
        let serverConfiguration = ServerConfiguration(
            host: configuration.listenHost, port: configuration.listenPort,
            errorResponse: { status, detail in APIError.forProtocol(status, detail).response })
        do {
            server = try HTTPServer(configuration: serverConfiguration, handler: pipeline.handle)
        } catch {
            throw .listen(error)
        }
    }

    /// The bound port (differs from the configured one when that was 0).
    public var port: Int { server.port }

    /// Serves until SIGTERM/SIGINT, then stops accepting, finishes in-flight requests, flushes the
    /// spool and returns.
    public func run() {
        let signals = ShutdownSignals { [server, logger] number in
            logger.info("shutdown", [("signal", .int(Int(number)))])
            server.shutdown()
        }
        server.start()
        var fields: [(String, LogValue)] = [("port", .int(port))]
        fields.append(("configuration", .object(configuration.masked.map { ($0.0, LogValue.string($0.1)) })))
        logger.info("started", fields)
        server.waitUntilStopped()
        withExtendedLifetime(signals) {}
        logger.info("stopped")
    }
}

/// Why `herald serve` could not start.
public enum ServiceError: Error, Sendable, CustomStringConvertible {
    case listen(ServerError)

    public var description: String {
        switch self {
        case .listen(let error): "cannot listen: \(error)"
        }
    }
}
