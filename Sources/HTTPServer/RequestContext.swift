/// What a routed request carries besides itself, in the manner of Hummingbird's `RequestContext`:
/// the route that matched, the path's parameters, and metadata the handler adds for whoever wraps
/// the router (the log line, metrics). A value handed to the handler `inout`, so what the handler
/// sets comes back to the caller without a header or a shared store.
public struct RequestContext: Sendable {
    /// The matched route's pattern, e.g. `/v1/messages/{id}`: a bounded label, unlike the raw path.
    public let route: String
    public let parameters: PathParameters
    /// Fields for the request's log line, by field name (e.g. the id of the message it concerns).
    public var logMetadata: [String: String] = [:]

    public init(parameters: PathParameters) {
        self.route = parameters.route
        self.parameters = parameters
    }
}
