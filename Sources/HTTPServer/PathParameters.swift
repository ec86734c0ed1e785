/// The decoded values of a matched route's `{name}` placeholders.
public struct PathParameters: Sendable, Equatable {
    /// A handler asked for a placeholder its route's pattern does not declare: a mistake in the
    /// server's own code, never the client's, so it is not passed off as an empty value.
    public struct MissingParameter: Error, Sendable, Hashable, CustomStringConvertible {
        public let name: String
        /// The pattern of the route whose handler asked, e.g. `/v1/messages/{id}`.
        public let route: String

        public var description: String { "route \(route) has no path parameter {\(name)}" }
    }

    /// The pattern the values were bound from.
    public let route: String
    private let values: [String: String]

    public init(route: String, values: [String: String] = [:]) {
        self.route = route
        self.values = values
    }

    /// The value of `{name}`, or nil when the route declares no such placeholder.
    public subscript(name: String) -> String? { values[name] }

    /// The value of `{name}`; a name the route does not declare is a typed error.
    public func require(_ name: String) throws(MissingParameter) -> String {
        guard let value = values[name] else { throw MissingParameter(name: name, route: route) }
        return value
    }
}
