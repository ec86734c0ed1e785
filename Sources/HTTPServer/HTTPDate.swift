#if canImport(Glibc)
import Glibc
#endif
import Locking

/// The IMF-fixdate for `Date` response headers, from the C library (no Foundation formatter on the
/// hot path), formatted once per second: every response in that second shares the same bytes.
enum HTTPDate {
    private struct Cached {
        var second: Int
        var bytes: [UInt8]
    }

    /// `Locked`, Herald's one lock, which ThreadSanitizer sees (it does not see `Mutex` on Linux).
    private static let cache = Locked(Cached(second: -1, bytes: []))

    /// The current date's bytes, e.g. `Fri, 04 Dec 2026 18:03:01 GMT`.
    static func now() -> [UInt8] {
        let second = time(nil)
        return cache.withLock { cached in
            if cached.second != second {
                cached = Cached(second: second, bytes: format(secondsSinceEpoch: second))
            }
            return cached.bytes
        }
    }

    static func format(secondsSinceEpoch: Int) -> [UInt8] {
        var seconds = secondsSinceEpoch
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
        return buffer[0..<count].map { UInt8(bitPattern: $0) }
    }
}
