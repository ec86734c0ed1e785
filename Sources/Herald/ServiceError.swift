import HTTPServer

/// Why `herald serve` could not start.
public enum ServiceError: Error, Sendable, CustomStringConvertible {
    case listen(ServerError)
    case templates(String)
    case spool(String)

    public var description: String {
        switch self {
        case .listen(let error): "cannot listen: \(error)"
        case .templates(let detail): "cannot load templates: \(detail)"
        case .spool(let detail): "cannot open the spool: \(detail)"
        }
    }
}
