import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Structured logs: one JSON object per line on stderr, written with one `write` call so lines
/// from several threads never interleave. Callers pass no bodies and no secrets.
public final class Logger: Sendable {
    public enum Level: String, Sendable, Comparable {
        case debug, info, warning, error

        private var rank: Int {
            switch self {
            case .debug: 0
            case .info: 1
            case .warning: 2
            case .error: 3
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rank < rhs.rank }
    }

    private let minimumLevel: Level
    private let sink: @Sendable (String) -> Void

    /// - Parameter sink: receives each finished line (with its newline); stderr by default.
    public init(minimumLevel: Level = .info, sink: @escaping @Sendable (String) -> Void = Logger.standardError) {
        self.minimumLevel = minimumLevel
        self.sink = sink
    }

    public func log(_ level: Level, _ event: String, _ fields: [(String, LogValue)] = []) {
        guard level >= minimumLevel else { return }
        var line = "{\"ts\":\(JSONText.quoted(Logger.timestamp())),\"level\":\"\(level.rawValue)\",\"event\":\(JSONText.quoted(event))"
        for (key, value) in fields {
            line += ",\(JSONText.quoted(key)):\(value.json)"
        }
        line += "}\n"
        sink(line)
    }

    public func info(_ event: String, _ fields: [(String, LogValue)] = []) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: [(String, LogValue)] = []) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: [(String, LogValue)] = []) { log(.error, event, fields) }

    public static let standardError: @Sendable (String) -> Void = { line in
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(2, base + offset, buffer.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }

    private static func timestamp() -> String {
        Date.now.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}
