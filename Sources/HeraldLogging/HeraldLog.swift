/// Herald's one log: every line is one JSON object, `{"ts":…,"level":…,"event":…}` followed by the
/// caller's fields in the order given, handed whole to a `Sink` (standard error by default).
///
/// Libraries accept a `HeraldLog` from their caller and never make one (the "accepting loggers" rule of
/// apple/swift-log, whose `Logger`/`LogHandler` split this mirrors in miniature): the `herald` command
/// builds one and passes it down, so one level filter and one sink decide for the whole process.
/// The name is not `Logger`, so it cannot shadow swift-log's or os's in a caller's code.
///
/// ```swift
/// let log = HeraldLog(minimumLevel: .info)          // in the command: JSON lines on stderr
/// let spool = try Spool(directory: path, transport: transport, log: log)   // libraries take it
/// log.info("started", ["port": .int(port), "drained": true])
/// // {"ts":"2026-12-03T17:28:44.123Z","level":"info","event":"started","port":8025,"drained":true}
/// ```
///
/// Callers log ids, states, counts and error texts; never a message body, a context, a token or a password.
public struct HeraldLog: Sendable {
    /// How much a line matters; lines below the log's `minimumLevel` are dropped before they are formatted.
    public enum Level: String, Sendable, Comparable, CaseIterable {
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

    /// Keys every line starts with; a field with one of these names is written with a leading `_`, so
    /// a line never has two `ts`, `level` or `event` members.
    static func isReserved(_ key: String) -> Bool { key == "ts" || key == "level" || key == "event" }

    public let minimumLevel: Level
    private let sink: any Sink
    private let clock: @Sendable () -> LogTimestamp

    public init(minimumLevel: Level = .info, sink: any Sink = FileDescriptorSink.standardError) {
        self.init(minimumLevel: minimumLevel, sink: sink, clock: LogTimestamp.now)
    }

    /// A log whose timestamps come from `clock` (tests that compare whole lines).
    public init(minimumLevel: Level, sink: any Sink, clock: @escaping @Sendable () -> LogTimestamp) {
        self.minimumLevel = minimumLevel
        self.sink = sink
        self.clock = clock
    }

    /// A log that drops every line: for tests that assert on files, not on logs.
    public static let silent = HeraldLog(minimumLevel: .error, sink: DiscardingSink())

    public func log(_ level: Level, _ event: String, _ fields: Fields = [:]) {
        guard level >= minimumLevel else { return }
        sink.write(line(level, event, fields))
    }

    public func debug(_ event: String, _ fields: Fields = [:]) { log(.debug, event, fields) }
    public func info(_ event: String, _ fields: Fields = [:]) { log(.info, event, fields) }
    public func warning(_ event: String, _ fields: Fields = [:]) { log(.warning, event, fields) }
    public func error(_ event: String, _ fields: Fields = [:]) { log(.error, event, fields) }

    /// The line as the sink receives it, newline included. Built as bytes in one buffer: there is a
    /// line for every request, and appending to a `String` piece by piece costs more than the request.
    func line(_ level: Level, _ event: String, _ fields: Fields) -> String {
        var line: [UInt8] = []
        line.reserveCapacity(256)
        line.appendUTF8(#"{"ts":""#)
        line.appendUTF8(clock().text)
        line.appendUTF8(#"","level":""#)
        line.appendUTF8(level.rawValue)
        line.appendUTF8(#"","event":"#)
        JSONText.appendQuoted(event, to: &line)
        for (key, value) in fields.members {
            line.append(UInt8(ascii: ","))
            JSONText.appendQuoted(Self.isReserved(key) ? "_" + key : key, to: &line)
            line.append(UInt8(ascii: ":"))
            value.appendJSON(to: &line)
        }
        line.appendUTF8("}\n")
        return String(decoding: line, as: UTF8.self)
    }
}
