import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ports on 127.0.0.1 for test servers.
public enum LoopbackPort {
    public enum PortError: Error, CustomStringConvertible {
        case unavailable(errno: Int32)
        public var description: String {
            switch self {
            case .unavailable(let code): "no free port on 127.0.0.1 (errno \(code))"
            }
        }
    }

    /// A port that was free a moment ago: bound to port 0, read back, then closed.
    public static func free() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PortError.unavailable(errno: errno) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PortError.unavailable(errno: errno) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
