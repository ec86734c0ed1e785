import Foundation
import Glibc
import Locking

/// Fresh script nonces for the preview pages: 128 random bits each, base64, taken from random bytes
/// read from the kernel 64 nonces at a time (one `read` of `/dev/urandom` per 64 pages, where
/// drawing per page cost two `getrandom` calls on the event loop). Each nonce's bytes are used once.
final class ScriptNonces: Sendable {
    private static let nonceBytes = 16
    private static let batchBytes = nonceBytes * 64

    private struct Pool {
        var bytes: [UInt8] = []
        var next = 0
        /// `/dev/urandom`, opened at the first batch and kept open; -1 if it could not be.
        var source: Int32?
    }

    private let pool = Locked(Pool())

    deinit {
        pool.withLock { pool in
            if let source = pool.source, source >= 0 { close(source) }
        }
    }

    /// A nonce no other page got.
    func next() -> String {
        let bytes = pool.withLock { pool -> ArraySlice<UInt8> in
            if pool.next + Self.nonceBytes > pool.bytes.count {
                pool.bytes = Self.randomBytes(from: &pool.source)
                pool.next = 0
            }
            defer { pool.next += Self.nonceBytes }
            return pool.bytes[pool.next..<(pool.next + Self.nonceBytes)]
        }
        return Data(bytes).base64EncodedString()
    }

    /// A batch from `/dev/urandom`, or from the system generator where that cannot be read whole.
    private static func randomBytes(from source: inout Int32?) -> [UInt8] {
        if source == nil { source = open("/dev/urandom", O_RDONLY | O_CLOEXEC) }
        var bytes = [UInt8](repeating: 0, count: batchBytes)
        if let descriptor = source, descriptor >= 0 {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == batchBytes { return bytes }
        }
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        return bytes
    }
}
