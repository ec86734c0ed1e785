#if canImport(Glibc)
import Glibc
#endif

/// Seconds on a clock that never jumps: deadlines must not move when the wall clock does.
package enum MonotonicClock {
    package static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
