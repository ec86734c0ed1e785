#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value that one thread at a time reads or changes, guarded by a `pthread_mutex_t`.
///
/// Herald's one lock. It exists instead of `Synchronization.Mutex` because on Linux `Mutex` locks with
/// futexes inside the precompiled Synchronization library, which ThreadSanitizer cannot see: every access
/// correctly guarded by `Mutex.withLock` is reported as a race. ThreadSanitizer intercepts
/// `pthread_mutex_lock`, so the suite can run clean under it (`make test-tsan`).
///
/// The mutex lives in its own allocation so its address never changes (POSIX forbids moving one).
public final class Locked<Value: ~Copyable>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ initialValue: consuming sending Value) {
        mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed: \(status)")
        value = initialValue
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value; the lock is released however `body` ends.
    public func withLock<Result: ~Copyable, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
