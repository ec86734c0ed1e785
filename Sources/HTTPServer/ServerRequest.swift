/// One parsed request: the head as received plus its whole body.
///
/// `path` is percent-decoded; `target` is kept raw for logs and for routing decisions
/// that must not be fooled by decoding (an encoded `/` stays inside its segment).
public struct ServerRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as received, e.g. `/previews/a%20b?x=1`.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Decoded, non-empty path segments: `/a//b/` and `/a/b` both give `["a", "b"]`.
    public var pathSegments: [String]
    /// Decoded query items in order; `+` decodes to a space.
    public var query: [(name: String, value: String)]
    /// Where the server runs this request's handler: `.eventLoop` when `execution(for:)` chose the
    /// loop for it, so a handler whose route decides per request (`RouteTable.add(_:_:runsOn:_:)` with
    /// a decision) can take the path that decision counted on, which never blocks.
    public internal(set) var execution: HandlerExecution = .worker

    public init(
        method: HTTPMethod, target: String, version: HTTPVersion, headers: HTTPHeaders,
        body: [UInt8] = [], pathSegments: [String], query: [(name: String, value: String)]
    ) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
        self.pathSegments = pathSegments
        self.query = query
    }

    /// The decoded path, segments joined with `/`.
    public var path: String { "/" + pathSegments.joined(separator: "/") }

    /// The raw path part of the target (before `?`), for logs.
    public var rawPath: String {
        String(target[..<(target.utf8.firstIndex(of: UInt8(ascii: "?")) ?? target.endIndex)])
    }

    /// The first query value for `name`.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// Whether the client asked to keep the connection open after this request.
    public var wantsKeepAlive: Bool {
        let tokens = headers.values("Connection")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingSpaces().lowercased() }
        switch version {
        case .http11: return !tokens.contains("close")
        case .http10: return tokens.contains("keep-alive")
        }
    }
}
