import Foundation
import Locking

/// An HTTP/1.1 server on POSIX sockets: epoll event loops (one per core by default, each on its own
/// thread with its own connections) move bytes and enforce limits and deadlines; a worker pool shared
/// by the loops runs the handler, which may block. Requests for which `execution` says `.eventLoop`
/// are answered on their connection's loop itself (their handler must never block).
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
    private let loops: [EventLoop]
    private let workers: WorkerPool
    private let registry: ConnectionRegistry
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
        let loopCount = max(1, configuration.eventLoopCount ?? ProcessInfo.processInfo.activeProcessorCount)
        let registry = ConnectionRegistry(maxConnections: configuration.maxConnections, loopCount: loopCount)
        let workers = WorkerPool(threadCount: configuration.workerCount)
        var loops: [EventLoop] = []
        do {
            for index in 0..<loopCount {
                loops.append(try EventLoop(
                    configuration: configuration, listener: index == 0 ? listener : nil, registry: registry, workers: workers,
                    handler: handler, execution: execution))
            }
        } catch {
            workers.stop()
            for loop in loops { loop.release() }
            close(listener.fd)
            throw error
        }
        for loop in loops { loop.peers = loops }
        self.loops = loops
        self.workers = workers
        self.registry = registry
    }

    /// Connections and buffered bytes over every loop, as of their last deadline sweeps (at most
    /// 250 ms old); evictions and refusals as of now.
    package var statistics: ServerStatistics {
        var total = ServerStatistics()
        for figures in loops.map(\.currentStatistics) {
            total.openConnections += figures.openConnections
            total.connectionsPerLoop.append(figures.openConnections)
            total.bufferedInputBytes += figures.bufferedInputBytes
            total.pendingOutputBytes += figures.pendingOutputBytes
            total.largestBufferedInput = max(total.largestBufferedInput, figures.largestBufferedInput)
            total.largestPendingOutput = max(total.largestPendingOutput, figures.largestPendingOutput)
        }
        (total.evictedIdleConnections, total.refusedConnections, total.idleConnections) = registry.evictedRefusedAndIdle
        return total
    }

    /// Starts each event loop on its own thread.
    public func start() {
        let alreadyStarted = started.withLock { value in
            defer { value = true }
            return value
        }
        guard !alreadyStarted else { return }
        let running = DispatchGroup()
        for (index, loop) in loops.enumerated() {
            running.enter()
            let thread = Thread {
                loop.run()
                running.leave()
            }
            thread.name = "http-loop-\(index)"  // at most 15 bytes: longer, Linux keeps the creator's name
            thread.start()
        }
        running.notify(queue: .global()) { [loops, workers, stopped] in
            workers.stop()
            for loop in loops { loop.release() }
            stopped.signal()
        }
    }

    /// Stops accepting, lets in-flight requests finish (within the grace period), then stops.
    /// Returns at once; use `waitUntilStopped()` to wait.
    public func shutdown() {
        for loop in loops { loop.requestShutdown() }
    }

    /// Blocks until every loop has stopped and every worker has finished.
    public func waitUntilStopped() {
        stopped.wait()
        stopped.signal()
    }
}

