import Foundation

/// An instant written in RFC 3339 (`2026-03-06T09:00:00Z`, offsets allowed), e.g. when a link expires.
///
/// Read strictly: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` naming a real day and time (no
/// February 30, no 24:00, no minute 60; leap seconds are not represented), and only instants
/// that are a year 1–9999 day in every time zone, so every day and time Herald derives from one
/// (the send day, "tomorrow", the `Date` header) exists.
public struct Timestamp: Sendable, Hashable, Codable, CustomStringConvertible, TextCodable {
    public let date: Date
    /// The text the caller sent, kept so encoding gives back exactly what came in.
    private let text: String

    /// The earliest and latest instants accepted: one day inside the years 1–9999 at each end,
    /// which covers every offset RFC 3339 can write (±23:59).
    public static let earliest = Date(timeIntervalSince1970: Double(Day.first.daysSinceUnixEpoch + 1) * 86_400)
    public static let latest = Date(timeIntervalSince1970: Double(Day.last.daysSinceUnixEpoch) * 86_400 - 1)

    public init(parsing text: String) throws(TimestampError) {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes.count <= 40 else { throw .notRFC3339(text) }
        var reader = Reader(bytes: bytes)
        guard let year = reader.number(digits: 4), reader.skip("-"), let month = reader.number(digits: 2), reader.skip("-"),
              let dayOfMonth = reader.number(digits: 2), reader.skip("T") || reader.skip("t"),
              let hour = reader.number(digits: 2), reader.skip(":"), let minute = reader.number(digits: 2), reader.skip(":"),
              let second = reader.number(digits: 2)
        else { throw .notRFC3339(text) }
        var fraction = 0.0
        if reader.skip(".") {
            guard let digits = reader.fractionDigits(), !digits.isEmpty, digits.count <= 9 else { throw .notRFC3339(text) }
            fraction = Double(digits.reduce(0) { $0 * 10 + $1 }) / pow(10, Double(digits.count))
        }
        let offsetSeconds: Int
        if reader.skip("Z") || reader.skip("z") {
            offsetSeconds = 0
        } else {
            let sign: Int
            if reader.skip("+") { sign = 1 } else if reader.skip("-") { sign = -1 } else { throw .notRFC3339(text) }
            guard let offsetHour = reader.number(digits: 2), reader.skip(":"), let offsetMinute = reader.number(digits: 2) else {
                throw .notRFC3339(text)
            }
            guard offsetHour <= 23, offsetMinute <= 59 else { throw .noSuchTime(text) }
            offsetSeconds = sign * (offsetHour * 3_600 + offsetMinute * 60)
        }
        guard reader.isAtEnd else { throw .notRFC3339(text) }
        guard year > 0 else { throw .outOfRange(text) }
        guard let day = Day(year: year, month: month, day: dayOfMonth), hour <= 23, minute <= 59, second <= 59 else {
            throw .noSuchTime(text)
        }
        let localSeconds = day.daysSinceUnixEpoch * 86_400 + hour * 3_600 + minute * 60 + second
        let date = Date(timeIntervalSince1970: Double(localSeconds - offsetSeconds) + fraction)
        guard date >= Self.earliest, date <= Self.latest else { throw .outOfRange(text) }
        self.date = date
        self.text = text
    }

    public var description: String { text }

    /// Reads the fixed-width fields of an RFC 3339 time, byte by byte.
    private struct Reader {
        let bytes: [UInt8]
        var offset = 0

        var isAtEnd: Bool { offset == bytes.count }

        mutating func number(digits: Int) -> Int? {
            guard offset + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[offset..<(offset + digits)] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            offset += digits
            return value
        }

        mutating func fractionDigits() -> [Int]? {
            var digits: [Int] = []
            while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) {
                digits.append(Int(bytes[offset] - UInt8(ascii: "0")))
                offset += 1
            }
            return digits
        }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: character) else { return false }
            offset += 1
            return true
        }
    }
}

/// Why a `Timestamp` was refused; `kind` says whether it is malformed (400) or well-formed but
/// outside what Herald can schedule (422).
public enum TimestampError: Error, Sendable, Hashable, CustomStringConvertible {
    case notRFC3339(String)
    case noSuchTime(String)
    case outOfRange(String)

    public var kind: FieldProblem.Kind {
        switch self {
        case .notRFC3339, .noSuchTime: .invalid
        case .outOfRange: .unprocessable
        }
    }

    public var description: String {
        switch self {
        case .notRFC3339(let text): "\"\(text)\" is not an RFC 3339 time like \"2026-03-06T09:00:00Z\""
        case .noSuchTime(let text): "\"\(text)\" is not a time of the calendar (day, hour 00–23, minute and second 00–59, offset up to ±23:59)"
        case .outOfRange(let text): "\"\(text)\" is outside the supported range 0001-01-02T00:00:00Z to 9999-12-30T23:59:59Z"
        }
    }
}
