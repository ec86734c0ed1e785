import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM and SIGINT into one call of `action` on a dispatch queue (not in a signal
/// handler, where almost nothing is safe to do).
final class ShutdownSignals {
    private let sources: [any DispatchSourceSignal]

    init(action: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "herald.signals")
        sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { action(number) }
            source.resume()
            return source
        }
        signal(SIGPIPE, SIG_IGN)
    }
}
