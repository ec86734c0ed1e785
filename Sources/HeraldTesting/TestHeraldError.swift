/// Why a `TestHerald` could not start or answer.
public enum TestHeraldError: Error, CustomStringConvertible, Sendable {
    /// Names that are no setting of README "Configuration".
    case unknownSettings([String])
    /// Herald's configuration refused the settings (every problem, as `herald serve` reports them).
    case invalidSettings(String)
    case directory(String, String)
    /// The service did not start (templates, spool, or the port in `.live` mode).
    case didNotStart(String)
    /// `.router` mode: Herald's request parser refused the request (a `.live` server would answer it with a 4xx/5xx).
    case unparsable(String)
    /// `.live` mode: the connection failed, or closed before a whole response.
    case connection(String)

    public var description: String {
        switch self {
        case .unknownSettings(let names): "no such setting: \(names.joined(separator: ", "))"
        case .invalidSettings(let problems): "invalid test settings: \(problems)"
        case .directory(let path, let detail): "cannot create the test directory \(path): \(detail)"
        case .didNotStart(let detail): "Herald did not start: \(detail)"
        case .unparsable(let detail): "the request does not parse: \(detail)"
        case .connection(let detail): "no response from Herald on 127.0.0.1: \(detail)"
        }
    }
}
