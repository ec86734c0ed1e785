import Foundation

/// RFC 3339 timestamps in UTC with milliseconds, as every file and status answer writes them.
enum RFC3339 {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func format(_ date: Date) -> String {
        style.format(date)
    }

    /// Parses RFC 3339 with or without fractional seconds; nil when it is not a timestamp.
    static func parse(_ text: String) -> Date? {
        if let date = try? style.parse(text) { return date }
        return try? Date.ISO8601FormatStyle().parse(text)
    }
}
