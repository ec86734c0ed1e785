import HeraldLogging
import Locking

/// A log sink that keeps every line it is given, for tests that read what was logged.
public final class CollectedLines: HeraldLog.Sink {
    private let storage = Locked<[String]>([])

    public init() {}

    public func write(_ line: String) { storage.withLock { $0.append(line) } }

    public var lines: [String] { storage.withLock { $0 } }
}
