import HeraldLogging
import Locking

/// A sink that keeps every line it is given, for tests that read what was logged.
final class CollectedLines: HeraldLog.Sink {
    private let storage = Locked<[String]>([])

    func write(_ line: String) { storage.withLock { $0.append(line) } }

    var lines: [String] { storage.withLock { $0 } }
}
