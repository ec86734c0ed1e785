import Foundation
import HTTPServer

/// Runs `body` against a live server on a free loopback port, then shuts it down.
func withServer<T>(
    _ configuration: ServerConfiguration = ServerConfiguration(host: "127.0.0.1", port: 0),
    handler: @escaping @Sendable (ServerRequest) -> ServerResponse = echoHandler,
    execution: @escaping @Sendable (ServerRequest) -> HandlerExecution = { _ in .worker },
    _ body: (HeraldHTTPServer) throws -> T
) throws -> T {
    var configuration = configuration
    configuration.host = "127.0.0.1"
    configuration.port = 0
    let server = try HeraldHTTPServer(configuration: configuration, handler: handler, execution: execution)
    server.start()
    defer {
        server.shutdown()
        server.waitUntilStopped()
    }
    return try body(server)
}

/// Answers with the method, decoded path and body length, so tests can see what the server parsed.
let echoHandler: @Sendable (ServerRequest) -> ServerResponse = { request in
    if request.path == "/slow" { Thread.sleep(forTimeInterval: 0.5) }
    if request.path == "/slower" { Thread.sleep(forTimeInterval: 2) }
    if request.path == "/huge" { return ServerResponse(status: .ok, body: [UInt8](repeating: 65, count: 32 << 20)) }
    return .plain(.ok, "\(request.method.rawValue) \(request.path) \(request.body.count)")
}
