import Locking

/// Idle easy handles (and their open connections) kept for the next send: one connection per
/// in-flight message, at most `capacity` kept.
final class CurlHandlePool: Sendable {
    private let idle = Locked<[CurlEasyHandle]>([])
    private let configuration: SMTPConfiguration

    init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// An idle handle, or a new one (nil only when libcurl cannot allocate).
    func checkOut() -> CurlEasyHandle? {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return CurlEasyHandle(configuration: configuration)
    }

    /// Returns a handle after a send. Only a handle whose transaction succeeded is kept, and only up to
    /// capacity (beyond it the handle is closed with `QUIT`): after a failure, a timeout above all, the
    /// server may still answer the old transaction, and the next one on that connection would read that
    /// late reply as its own. So a failed transaction's connection is shut and discarded, never reused.
    func checkIn(_ handle: CurlEasyHandle, succeeded: Bool) {
        guard succeeded else {
            handle.closeConnection()
            return
        }
        idle.withLock { handles in
            if handles.count < configuration.poolSize { handles.append(handle) }
        }
    }
}
