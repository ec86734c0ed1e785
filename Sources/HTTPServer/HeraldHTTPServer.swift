import Foundation
import Locking

/// An HTTP/1.1 server on POSIX sockets: an epoll event loop moves bytes and enforces limits and
/// deadlines; a small worker pool runs the handler, which may block. Requests for which `execution`
/// says `.eventLoop` are answered on the loop itself (their handler must never block).
///
/// ```swift
/// var router = RouteTable()
/// router.add(.get, "/hello/{name}") { request, context in
///     do {
///         return .init(status: .ok, contentType: "text/plain", body: "hello \(try context.parameters.require("name"))")
///     } catch {
///         return .plain(.internalServerError, error.description)
///     }
/// }
/// let server = try HeraldHTTPServer(configuration: .init(port: 0), handler: router.respond(to:), execution: router.execution(for:))
/// server.start()
/// // … later, e.g. on SIGTERM:
/// server.shutdown()
/// server.waitUntilStopped()
/// ```
public final class HeraldHTTPServer: Sendable {
    /// The bound port (useful when the configuration asked for port 0).
    public let port: Int
    private let loop: EventLoop
    private let stopped = DispatchSemaphore(value: 0)
    private let started = Locked(false)

    /// Binds and listens at once (so a port conflict is reported here), but serves only after `start()`.
    /// - Parameter execution: where each request's handler runs; every request on a worker by default.
    public init(
        configuration: ServerConfiguration, handler: @escaping @Sendable (ServerRequest) -> ServerResponse,
        execution: @escaping @Sendable (ServerRequest) -> HandlerExecution = { _ in .worker }
    ) throws(ServerError) {
        let listener = try ListeningSocket(host: configuration.host, port: configuration.port, backlog: configuration.backlog)
        port = listener.port
        loop = try EventLoop(configuration: configuration, listener: listener, handler: handler, execution: execution)
    }

    /// Connections and buffered bytes, as of the loop's last deadline sweep (at most 250 ms old).
    package var statistics: ServerStatistics { loop.currentStatistics }

    /// Starts the event loop on its own thread.
    public func start() {
        let alreadyStarted = started.withLock { value in
            defer { value = true }
            return value
        }
        guard !alreadyStarted else { return }
        let thread = Thread { [loop, stopped] in
            loop.run()
            stopped.signal()
        }
        thread.name = "http-event-loop"
        thread.start()
    }

    /// Stops accepting, lets in-flight requests finish (within the grace period), then stops.
    /// Returns at once; use `waitUntilStopped()` to wait.
    public func shutdown() {
        loop.requestShutdown()
    }

    /// Blocks until the loop has stopped and every worker has finished.
    public func waitUntilStopped() {
        stopped.wait()
        stopped.signal()
    }
}

