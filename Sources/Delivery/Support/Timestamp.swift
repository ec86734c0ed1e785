import Foundation

/// RFC 3339 timestamps in UTC with milliseconds, as every file and status answer writes them.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public static func format(_ date: Date) -> String {
        style.format(date)
    }

    /// Parses RFC 3339 with or without fractional seconds; nil when it is not a timestamp.
    public static func parse(_ text: String) -> Date? {
        if let date = try? style.parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
