import Foundation
import Herald
import HeraldLogging
import HTTPServer
import Locking

/// A Herald service running inside the test process, in the manner of HummingbirdTesting's
/// `app.test(.router)` and `.live`: built from a configuration, sent requests, its outbox read.
///
/// Each instance has its own temporary directory holding the spool (`sqlite:<dir>/herald.db`) and
/// the outbox (`<dir>/outbox.jsonl`); `stop()` (or the end of `test`) stops the service and
/// removes the directory. Settings not given keep `herald serve`'s defaults, except that the
/// environment is never read.
///
/// ```swift
/// try await TestHerald.test(.router, settings: [.templates: "Templates", .apiToken: "secret"]) { herald in
///     let response = try herald.post("/v1/messages", #"{"message":"welcome","to":"zoe@example.com","context":{…}}"#,
///                                    headers: [("Authorization", "Bearer secret")])
///     #expect(response.status == 202)
///     let mail = try await herald.outbox.waitForMessage(OutboxFilter(to: "zoe@example.com"))
///     #expect(mail.message == "welcome")
/// }
/// ```
public final class TestHerald: Sendable {
    /// How requests reach the service.
    public enum Mode: Sendable {
        /// In process, through the service's request pipeline (auth, routes, log line, metrics),
        /// with no socket: fast, and what most route tests need.
        case router
        /// Over HTTP/1.1 to an ephemeral port on 127.0.0.1, through Herald's own server, for what
        /// only the wire shows (framing, `Content-Length`, connection handling).
        case live
    }

    public let mode: Mode
    public let configuration: HeraldConfiguration
    /// The run's own temporary directory, removed by `stop()`.
    public let directory: URL
    /// The outbox this service delivers to.
    public let outbox: TestOutbox
    public let service: HeraldService
    private let log: CollectingSink
    private let stopped = Locked(false)

    /// Builds and starts the service with `settings` (as `herald serve` would read them from its
    /// flags) over the run's defaults: its own store and outbox, and `127.0.0.1:0` for `.live`.
    ///
    /// - Parameters:
    ///   - settings: e.g. `[.templates: "/path/to/Templates", .apiToken: "secret"]`; validated as
    ///     `herald serve` validates them.
    ///   - configure: adjusts the loaded configuration, for what no setting expresses.
    public init(
        _ mode: Mode = .router, settings: [ConfigurationSetting: String] = [:],
        configure: (inout HeraldConfiguration) -> Void = { _ in }
    ) throws(TestHeraldError) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-test-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .directory(directory.path, "\(error)")
        }
        var flags = [
            ConfigurationSetting.store.flag: "sqlite:" + directory.appendingPathComponent("herald.db").path,
            ConfigurationSetting.outbox.flag: directory.appendingPathComponent("outbox.jsonl").path,
            ConfigurationSetting.listen.flag: "127.0.0.1:0",
        ]
        for (setting, value) in settings { flags[setting.flag] = value }
        var configuration: HeraldConfiguration
        do {
            configuration = try HeraldConfiguration.load(environment: [:], flags: flags)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw .configuration(error)
        }
        configure(&configuration)
        let log = CollectingSink()
        let service: HeraldService
        do {
            service = try HeraldService(
                configuration: configuration, logger: HeraldLog(minimumLevel: .debug, sink: log),
                listening: mode == .live ? .socket : .inProcess)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw .service(error)
        }
        service.start()
        self.mode = mode
        self.configuration = configuration
        self.directory = directory
        self.outbox = TestOutbox(configuration: configuration)
        self.service = service
        self.log = log
    }

    /// Runs `body` with a started service and stops it afterwards, whether `body` throws or not.
    public static func test<Result>(
        _ mode: Mode = .router, settings: [ConfigurationSetting: String] = [:],
        configure: (inout HeraldConfiguration) -> Void = { _ in },
        _ body: (TestHerald) async throws -> Result
    ) async throws -> Result {
        let herald = try TestHerald(mode, settings: settings, configure: configure)
        defer { herald.stop() }
        return try await body(herald)
    }

    /// The port on 127.0.0.1 in `.live` mode; nil in `.router` mode.
    public var port: Int? { service.port }

    /// Every line the service has logged (debug level and up), oldest first.
    public var logLines: [String] { log.lines }

    /// Sends one request and returns the whole response. In `.router` mode the request is built
    /// as bytes and parsed by Herald's own request parser, so it reaches the routes exactly as
    /// one from a socket would; a request the parser refuses is a `TestHeraldError.unparsable`.
    public func send(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
        headers: [(String, String)] = []
    ) throws(TestHeraldError) -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        let bodyBytes = Array((body ?? "").utf8)
        if body != nil { head += "Content-Type: \(contentType)\r\nContent-Length: \(bodyBytes.count)\r\n" }
        let request = Array((head + "\r\n").utf8) + bodyBytes
        switch mode {
        case .live:
            return try LoopbackHTTP.exchange(request, port: service.port ?? 0, headOnly: method == "HEAD")
        case .router:
            switch RequestParser().parseRequest(request) {
            case .request(let parsed, _):
                let response = service.respond(to: parsed)
                return Response(
                    status: response.status.code, headers: response.headers.map { ($0.name, $0.value) },
                    body: parsed.method == .head ? [] : response.body)
            case .incomplete:
                throw .unparsable("incomplete request")
            case .failure(let error):
                throw .unparsable(error.description)
            }
        }
    }

    /// `GET path`.
    public func get(_ path: String, headers: [(String, String)] = []) throws(TestHeraldError) -> Response {
        try send("GET", path, headers: headers)
    }

    /// `POST path` with a JSON body.
    public func post(_ path: String, _ body: String, headers: [(String, String)] = []) throws(TestHeraldError) -> Response {
        try send("POST", path, body: body, headers: headers)
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
}

extension TestHerald {
    /// One whole response.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(status: Int, headers: [(String, String)], body: [UInt8]) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The first value of the header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as a JSON object, nil when it is not one.
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] }

        /// `error.code` of an error body (README "API", errors).
        public var errorCode: String? { (json?["error"] as? [String: Any])?["code"] as? String }

        /// `error.fields` of an error body: each with its `path` and `problem`.
        public var errorFields: [[String: String]] {
            ((json?["error"] as? [String: Any])?["fields"] as? [[String: String]]) ?? []
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
