import Foundation
import HTTPServer
import Messages

/// `herald serve`: the HTTP server with every route of DESIGN §4 and §6, its logs and metrics,
/// and a graceful stop on SIGTERM/SIGINT.
public final class HeraldService: Sendable {
    public let configuration: HeraldConfiguration
    public let logger: Logger
    public let metrics: MetricsRegistry
    private let server: HTTPServer

    /// Loads templates and binds the port, so every startup problem is reported here, before any
    /// log line says "started".
    public init(configuration: HeraldConfiguration, logger: Logger = Logger()) throws(ServiceError) {
        self.configuration = configuration
        self.logger = logger
        let metrics = MetricsRegistry()
        self.metrics = metrics
        RequestPipeline.describeMetrics(metrics)

        let renderer: MessageRenderer
        do {
            renderer = try MessageRenderer(templatesDirectory: URL(fileURLWithPath: configuration.templatesPath), brand: configuration.brand)
        } catch {
            throw .templates(error.description)
        }
        let sender = EmailAddress(email: configuration.from.email, name: configuration.from.name)
        let composer = MessageComposer(catalog: MessageCatalog(renderer: renderer, sender: sender), logger: logger)

        var router = Router { request, miss in
            switch miss {
            case .notFound: APIError.notFound("no route for \(request.rawPath)").response
            case .methodNotAllowed: APIError(.methodNotAllowed, code: "method_not_allowed", message: "\(request.method.rawValue) is not allowed on \(request.rawPath)").response
            }
        }
        OperationsRoutes.register(on: &router, metrics: metrics)
        RenderRoute(composer: composer).register(on: &router)
        TemplatesRoute.register(on: &router)
        if configuration.previewsEnabled {
            PreviewRoutes(configuration: configuration, sender: sender, logger: logger).register(on: &router)
        }

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
    case templates(String)

    public var description: String {
        switch self {
        case .listen(let error): "cannot listen: \(error)"
        case .templates(let detail): "cannot load templates: \(detail)"
        }
    }
}

extension HeraldConfiguration {
    /// The configured brand; unset values keep the catalog's sample brand.
    var brand: Brand {
        let sample = Brand.sample
        return Brand(name: brandName ?? sample.name, url: brandURL ?? sample.url, logoURL: brandLogoURL ?? sample.logoURL,
                     supportEmail: supportEmail ?? sample.supportEmail, postalAddress: brandAddress ?? sample.postalAddress)
    }
}
