import Synchronization

/// Idle easy handles (and their open connections) kept for the next send: one connection per
/// in-flight message, at most `capacity` kept.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlEasyHandle]>([])
    private let configuration: SMTPConfiguration

    init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// An idle handle, or a new one (nil only when libcurl cannot allocate).
    func checkOut() -> CurlEasyHandle? {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        return CurlEasyHandle(configuration: configuration)
    }

    /// Returns a handle for reuse; beyond capacity it is closed (QUIT) instead.
    func checkIn(_ handle: CurlEasyHandle) {
        idle.withLock { handles in
            if handles.count < configuration.poolSize { handles.append(handle) }
        }
    }
}
