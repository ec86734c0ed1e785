/// The request methods the server understands: those of RFC 9110 but CONNECT (a proxy's), PATCH and
/// QUERY (the safe method with a body that OpenAPI 3.2 describes), so a known method a route does not
/// take is a `405` with `Allow`. Any other valid method is a `501`.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
    case patch = "PATCH"
    case options = "OPTIONS"
    case trace = "TRACE"
    case query = "QUERY"
}
