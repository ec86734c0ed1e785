import Foundation
import Herald
import HeraldLogging
import HTTPServer
import Locking

/// A Herald service running inside the test process, in the manner of HummingbirdTesting's
/// `app.test(.router)` and `.live`: built from settings the way `herald serve` builds it (the same
/// `HeraldService`, routes, auth, spool and worker), sent requests, its outbox read. Tests of routes
/// need no binary, no child process and no log pipe, and fail with the service's own log at hand.
///
/// Each instance has its own temporary directory holding the spool (`<directory>/herald.db`) and
/// the outbox (`<directory>/outbox.jsonl`); `stop()` (or the end of `test`) stops the service and
/// removes the directory. Settings not given keep `herald serve`'s defaults, except that the
/// environment is never read, so a developer's `HERALD_*` variables cannot change a test.
///
/// ```swift
/// try await TestHerald.test(.router, settings: ["templates": "Templates", "api-token": "secret"]) { herald in
///     let response = try herald.post("/v1/messages", body, headers: [("Authorization", "Bearer secret")])
///     #expect(response.status == 202)
///     let mail = try await herald.waitForMessage(OutboxFilter(to: "zoe@example.com"))
///     #expect(mail.message == "welcome")
/// }
/// ```
public final class TestHerald: Sendable {
    /// How requests reach the service.
    public enum Mode: Sendable {
        /// In process, through the service's request pipeline (auth, routing, the request's log
        /// line, metrics), with no socket: fast, and what most route tests need.
        case router
        /// Over HTTP/1.1 to an ephemeral port on 127.0.0.1, through Herald's own server, for what
        /// only the wire shows (framing, body limits, `Content-Length`, connection handling).
        case live
    }

    public let mode: Mode
    /// The run's own temporary directory, removed by `stop()`.
    public let directory: URL
    /// The outbox this service delivers to.
    public let outbox: TestOutbox
    private let service: HeraldService
    private let log: CollectingSink
    private let stopped = Locked(false)

    /// Builds and starts the service with `settings` (as `herald serve` reads them from its flags)
    /// over the run's defaults: its own store and outbox, and `127.0.0.1:0` for `.live`.
    ///
    /// - Parameters:
    ///   - settings: e.g. `["templates": "/path/to/Templates", "api-token": "secret"]`, by the flag
    ///     names of README "Configuration"; validated as `herald serve` validates them.
    public init(_ mode: Mode = .router, settings: Settings = [:]) throws(TestHeraldError) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-test-\(UUID().uuidString)")
        let configuration = try settings.configuration(
            store: "sqlite:" + directory.appendingPathComponent("herald.db").path,
            outbox: directory.appendingPathComponent("outbox.jsonl").path)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .directory(directory.path, "\(error)")
        }
        let log = CollectingSink()
        let service: HeraldService
        do {
            service = try HeraldService(
                configuration: configuration, logger: HeraldLog(minimumLevel: .debug, sink: log),
                listening: mode == .live ? .socket : .inProcess)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw .didNotStart(error.description)
        }
        service.start()
        self.mode = mode
        self.directory = directory
        self.outbox = TestOutbox(configuration: configuration)
        self.service = service
        self.log = log
    }

    /// Runs `body` with a started service and stops it afterwards, whether `body` throws or not.
    public static func test<Result>(
        _ mode: Mode = .router, settings: Settings = [:], _ body: (TestHerald) async throws -> Result
    ) async throws -> Result {
        let herald = try TestHerald(mode, settings: settings)
        defer { herald.stop() }
        return try await body(herald)
    }

    /// The port on 127.0.0.1 in `.live` mode; nil in `.router` mode.
    public var port: Int? { service.port }

    /// Every line the service has logged (debug level and up), oldest first. In `.router` mode a
    /// request's line is there when `send` returns; the worker's lines come when it gets to them.
    public var logLines: [String] { log.lines }

    /// Sends one request and returns the whole response. In `.router` mode the request is built
    /// as bytes and parsed by Herald's own request parser, so it reaches the routes exactly as one
    /// from a socket would; a request the parser refuses is a `TestHeraldError.unparsable` (the
    /// server's answer to it is what `.live` shows).
    public func send(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
        headers: [(String, String)] = []
    ) throws(TestHeraldError) -> TestResponse {
        try send(method, path, body: Array((body ?? "").utf8), hasBody: body != nil, contentType: contentType, headers: headers)
    }

    /// `send` with a body of raw bytes (e.g. not UTF-8).
    public func send(
        _ method: String, _ path: String, bytes: [UInt8], contentType: String = "application/json",
        headers: [(String, String)] = []
    ) throws(TestHeraldError) -> TestResponse {
        try send(method, path, body: bytes, hasBody: true, contentType: contentType, headers: headers)
    }

    /// `GET path`.
    public func get(_ path: String, headers: [(String, String)] = []) throws(TestHeraldError) -> TestResponse {
        try send("GET", path, headers: headers)
    }

    /// `POST path` with a JSON body.
    public func post(_ path: String, _ body: String, headers: [(String, String)] = []) throws(TestHeraldError) -> TestResponse {
        try send("POST", path, body: body, headers: headers)
    }

    /// Waits (bounded by `timeout`) until the outbox holds a message matching `filter`.
    public func waitForMessage(_ filter: OutboxFilter, timeout: Duration = .seconds(10)) async throws(TestOutboxError) -> OutboxMessage {
        try await outbox.waitForMessage(filter, timeout: timeout)
    }

    /// Stops the service gracefully (its worker finishes what it holds) and removes the run's
    /// directory. Later calls do nothing.
    public func stop() {
        let alreadyStopped = stopped.withLock { value in
            defer { value = true }
            return value
        }
        guard !alreadyStopped else { return }
        service.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        stop()
    }

    private func send(
        _ method: String, _ path: String, body: [UInt8], hasBody: Bool, contentType: String, headers: [(String, String)]
    ) throws(TestHeraldError) -> TestResponse {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if hasBody { head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n" }
        let request = Array((head + "\r\n").utf8) + body
        let headOnly = method == "HEAD"
        switch mode {
        case .live:
            return try LoopbackHTTP.exchange(request, port: service.port ?? 0, headOnly: headOnly)
        case .router:
            switch RequestParser().parseRequest(request) {
            case .request(let parsed, _):
                let response = service.respond(to: parsed)
                return TestResponse(
                    status: response.status.code, headers: response.headers.map { ($0.name, $0.value) },
                    body: headOnly ? [] : response.body)
            case .incomplete:
                throw .unparsable("incomplete request")
            case .failure(let error):
                throw .unparsable(error.description)
            }
        }
    }
}

/// Keeps the service's log lines for `TestHerald.logLines`.
private final class CollectingSink: HeraldLog.Sink {
    private let storage = Locked<[String]>([])

    func write(_ line: String) {
        let trimmed = line.hasSuffix("\n") ? String(line.dropLast()) : line
        storage.withLock { $0.append(trimmed) }
    }

    var lines: [String] { storage.withLock { $0 } }
}
