import Foundation

/// Herald's log schema as a reader checks it: one JSON object per line whose first members are
/// `ts` (RFC 3339, UTC), `level` and `event`, in that order.
public enum LogLine {
    private static var schemaStart: Regex<(Substring, Substring)> { #/^\{"ts":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z","level":"(debug|info|warning|error)","event":"/# }

    /// The line's members, or nil when it is not a log line of that shape.
    public static func parse(_ line: some StringProtocol) -> [String: Any]? {
        guard String(line).prefixMatch(of: schemaStart) != nil else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
    }

    /// The lines of `text` that are not log lines (empty when every line is one).
    public static func strays(in text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { parse($0) == nil }
    }

    /// The `event` of every log line of `text`, in order.
    public static func events(in text: String) -> [String] {
        text.split(separator: "\n").compactMap { parse($0)?["event"] as? String }
    }
}
