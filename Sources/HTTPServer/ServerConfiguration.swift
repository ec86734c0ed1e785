/// How the server listens, how much it accepts, and how long it waits.
public struct ServerConfiguration: Sendable {
    /// IPv4 address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    public var host: String
    /// TCP port; `0` picks a free one (read it back from `HeraldHTTPServer.port`).
    public var port: Int
    public var limits: RequestLimits
    /// The most open connections. When the table is full, the connection idle longest (between
    /// requests, nothing buffered or pending) is closed to make room for a new client; only when
    /// every connection is busy does a new client get a `503` and a close.
    public var maxConnections: Int
    /// Threads that run handlers. Handlers may block (fsync), so this is far more than the core count:
    /// concurrent durable sends wait in one group commit together, and more of them share each fsync.
    public var workerCount: Int
    /// Event-loop threads, each with its own epoll set and its share of the connections (the first
    /// also accepts); `nil`, the default, is one per core: the loops answer the requests that never
    /// block, and on a loaded machine each thread gets its own share of the cores.
    public var eventLoopCount: Int?
    /// A request's line and headers must arrive whole within this many seconds of its first byte
    /// (or of the accept, for a new connection): one byte per second does not keep it alive.
    public var headerTimeout: Double
    /// The body must arrive whole within this many seconds after the headers.
    public var bodyTimeout: Double
    /// A kept-alive connection with no request in progress is closed after this many seconds.
    public var idleTimeout: Double
    /// A response must be written whole within this many seconds of being ready, or the client is
    /// dropped. Nothing more is read from a client while its response is pending, so one response
    /// is all a connection ever buffers for output.
    public var writeTimeout: Double
    /// On shutdown, in-flight requests get this many seconds to finish.
    public var shutdownGracePeriod: Double
    public var backlog: Int32
    /// Builds the answer to a request the server refuses itself (parse errors, timeouts, the
    /// connection cap), so an application can give them its own error format. Plain text by default.
    public var errorResponse: @Sendable (HTTPStatus, String) -> ServerResponse

    public init(
        host: String = "127.0.0.1", port: Int = 8025, limits: RequestLimits = RequestLimits(),
        maxConnections: Int = 1024, workerCount: Int = 32, eventLoopCount: Int? = nil,
        headerTimeout: Double = 10, bodyTimeout: Double = 30, idleTimeout: Double = 60,
        writeTimeout: Double = 30, shutdownGracePeriod: Double = 10, backlog: Int32 = 511,
        errorResponse: @escaping @Sendable (HTTPStatus, String) -> ServerResponse = { ServerResponse.plain($0, $1) }
    ) {
        self.host = host
        self.port = port
        self.limits = limits
        self.maxConnections = maxConnections
        self.workerCount = workerCount
        self.eventLoopCount = eventLoopCount
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.shutdownGracePeriod = shutdownGracePeriod
        self.backlog = backlog
        self.errorResponse = errorResponse
    }
}
