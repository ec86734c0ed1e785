/// Maps method and path to a handler. Patterns are literal segments and `{name}` placeholders,
/// e.g. `/v1/messages/{id}`; placeholders match one decoded segment. A handler gets the request
/// and its `RequestContext` (pattern, parameters), in which it may leave log metadata.
///
/// `HEAD` is answered by the `GET` route (the server drops the body). A path with a `.` or `..`
/// segment or a NUL byte matches nothing: such a path is never a way out of a directory.
///
/// A route added with `runsOn: .eventLoop` is answered on the server's event loop (its handler must
/// never block); give `execution(for:)` to `HeraldHTTPServer` along with `respond(to:)`. A route may
/// also decide per request (`runsOn:` a decision): on the loop when it can answer without blocking
/// (a cached page), else on a worker.
public struct RouteTable: Sendable {
    public typealias Handler = @Sendable (ServerRequest, inout RequestContext) -> ServerResponse
    /// Where a route's handler runs for one request and its path's parameters.
    public typealias Decision = @Sendable (ServerRequest, PathParameters) -> HandlerExecution

    /// Why no route answered.
    public enum Miss: Sendable {
        case notFound
        /// The path exists for other methods, listed for the `Allow` header.
        case methodNotAllowed(allowed: [HTTPMethod])
    }

    /// The route a request matched: match once, then run it, so a caller that wraps the router
    /// (metrics by pattern, a log line) never routes twice.
    public struct Match: Sendable {
        /// The route's pattern, e.g. `/v1/messages/{id}`.
        public var pattern: String { parameters.route }
        public let parameters: PathParameters
        /// For a route that decides, its decision and the request it decides for; nil for a route that runs in one place.
        fileprivate let decision: (decide: Decision, request: ServerRequest)?
        fileprivate let fixedExecution: HandlerExecution
        fileprivate let handler: Handler

        /// Where the route asks to run this request (decided when asked, for a route that decides).
        public var execution: HandlerExecution {
            guard let decision else { return fixedExecution }
            return decision.decide(decision.request, parameters)
        }

        /// Runs the route's handler with a fresh context: its answer, and the context as the
        /// handler left it (with the log metadata it set).
        public func run(_ request: ServerRequest) -> (response: ServerResponse, context: RequestContext) {
            var context = RequestContext(parameters: parameters)
            let response = handler(request, &context)
            return (response, context)
        }
    }

    private struct Route {
        var method: HTTPMethod
        var pattern: String
        var segments: [Segment]
        /// Where the route runs, unless it decides per request (`decision`).
        var execution: HandlerExecution
        var decision: Decision?
        var handler: Handler
    }

    private enum Segment {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []

    /// Method and pattern of every route, in the order they were added (for the API's own description).
    package var registeredRoutes: [(method: HTTPMethod, pattern: String)] {
        routes.map { ($0.method, $0.pattern) }
    }
    private let missHandler: @Sendable (ServerRequest, Miss) -> ServerResponse

    /// - Parameter onMiss: answers requests no route matches (404, 405); the default is plain text.
    public init(onMiss: @escaping @Sendable (ServerRequest, Miss) -> ServerResponse = RouteTable.plainMiss) {
        self.missHandler = onMiss
    }

    /// - Parameter execution: `.eventLoop` only for a handler that never blocks (see `HandlerExecution`).
    public mutating func add(_ method: HTTPMethod, _ pattern: String, runsOn execution: HandlerExecution = .worker, _ handler: @escaping Handler) {
        add(method, pattern, execution: execution, decision: nil, handler)
    }

    /// A route that decides where each request runs: `decision` answers `.eventLoop` only when the
    /// handler can answer that request without blocking; the handler then sees
    /// `request.execution == .eventLoop` and must take that path. The decision itself runs on the
    /// loop for every request of the route, so it must never block either.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, runsOn decision: @escaping Decision, _ handler: @escaping Handler) {
        add(method, pattern, execution: .worker, decision: decision, handler)
    }

    private mutating func add(_ method: HTTPMethod, _ pattern: String, execution: HandlerExecution, decision: Decision?, _ handler: @escaping Handler) {
        let segments = pattern.split(separator: "/").map { part -> Segment in
            if part.hasPrefix("{") && part.hasSuffix("}") { return .parameter(String(part.dropFirst().dropLast())) }
            return .literal(String(part))
        }
        routes.append(Route(method: method, pattern: pattern, segments: segments, execution: execution, decision: decision, handler: handler))
    }

    /// The matching route, or why none matched.
    ///
    /// The most specific pattern that binds the path owns it: at the first segment where two patterns
    /// differ, a literal beats a placeholder (`/v1/messages/batch` over `/v1/messages/{id}`). Only the
    /// owner's routes answer the path or are listed in a `405`'s `Allow`, so a path is never served by
    /// a pattern it fits only by accident.
    public func match(_ request: ServerRequest) -> Result<Match, MissError> {
        let path = request.pathSegments
        if path.contains(where: { $0 == "." || $0 == ".." || $0.utf8.contains(0) }) { return .failure(MissError(miss: .notFound)) }
        let method = request.method == .head ? HTTPMethod.get : request.method
        var owner: Int?
        var found: Match?
        var allowed: [HTTPMethod] = []
        // By index, with the segment count checked first: most routes are ruled out without copying
        // one (this runs for every request, twice when the server asks where to run it).
        for index in routes.indices where routes[index].segments.count == path.count {
            guard RouteTable.fits(routes[index].segments, path) else { continue }
            let route = routes[index]
            if let current = owner, route.pattern != routes[current].pattern {
                guard RouteTable.isMoreSpecific(route.segments, than: routes[current].segments) else { continue }
                (found, allowed) = (nil, [])
            }
            owner = index
            if route.method == method {
                if found == nil {
                    let parameters = PathParameters(route: route.pattern, values: RouteTable.bind(route.segments, to: path))
                    found = Match(
                        parameters: parameters, decision: route.decision.map { ($0, request) }, fixedExecution: route.execution, handler: route.handler)
                }
            } else {
                allowed.append(route.method)
            }
        }
        if let found { return .success(found) }
        if allowed.isEmpty { return .failure(MissError(miss: .notFound)) }
        if allowed.contains(.get) { allowed.append(.head) }
        return .failure(MissError(miss: .methodNotAllowed(allowed: allowed)))
    }

    /// Where the request's handler should run: its route's choice; a request no route matches goes
    /// to a worker (the miss handler is the application's, and may block).
    public func execution(for request: ServerRequest) -> HandlerExecution {
        switch match(request) {
        case .success(let match): match.execution
        case .failure: .worker
        }
    }

    /// The answer to a request no route matched: the miss handler's, with `Allow` on a `405`.
    public func answer(_ request: ServerRequest, _ miss: Miss) -> ServerResponse {
        var response = missHandler(request, miss)
        if case .methodNotAllowed(let allowed) = miss {
            response.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
        }
        return response
    }

    /// Routes and runs the request: the function to hand to `HeraldHTTPServer`.
    public func respond(to request: ServerRequest) -> ServerResponse {
        switch match(request) {
        case .success(let match): match.run(request).response
        case .failure(let error): answer(request, error.miss)
        }
    }

    /// Wraps a `Miss` so `match` can return a `Result`.
    public struct MissError: Error, Sendable {
        public let miss: Miss
    }

    public static let plainMiss: @Sendable (ServerRequest, Miss) -> ServerResponse = { _, miss in
        switch miss {
        case .notFound: .plain(.notFound)
        case .methodNotAllowed: .plain(.methodNotAllowed)
        }
    }

    /// True when `pattern` has a literal where `other` has its first placeholder that `pattern` lacks.
    private static func isMoreSpecific(_ pattern: [Segment], than other: [Segment]) -> Bool {
        for (segment, otherSegment) in zip(pattern, other) {
            switch (segment, otherSegment) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }

    /// Whether `path` has `pattern`'s literals where it has them (and as many segments).
    private static func fits(_ pattern: [Segment], _ path: [String]) -> Bool {
        guard pattern.count == path.count else { return false }
        for (segment, value) in zip(pattern, path) {
            if case .literal(let literal) = segment, literal != value { return false }
        }
        return true
    }

    /// The placeholders' values of a path that `fits` the pattern (built only for the route that answers).
    private static func bind(_ pattern: [Segment], to path: [String]) -> [String: String] {
        var parameters: [String: String] = [:]
        for (segment, value) in zip(pattern, path) {
            if case .parameter(let name) = segment { parameters[name] = value }
        }
        return parameters
    }
}
