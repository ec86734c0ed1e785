#if canImport(Glibc)
import Glibc
#endif

/// Why the server could not start.
public enum ServerError: Error, Sendable, CustomStringConvertible {
    case invalidAddress(String)
    case systemCall(String, errno: Int32)

    public var description: String {
        switch self {
        case .invalidAddress(let host): "not an IPv4 address: \(host)"
        case .systemCall(let call, let code): "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
