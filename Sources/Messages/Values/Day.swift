import Foundation

/// A calendar day with no time and no time zone: a due date, a debit date (`"2026-03-05"`).
///
/// Days of the years 1 to 9999 of the proleptic Gregorian calendar: what four digits can write.
/// Day arithmetic is done on day numbers, so no conversion needs a calendar or can fail.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible, TextCodable {
    /// The first and last day Herald represents.
    public static let first = Day(validYear: 1, month: 1, day: 1)
    public static let last = Day(validYear: 9999, month: 12, day: 31)

    public let year: Int
    public let month: Int
    public let day: Int

    /// Nil when the three numbers do not name a day of the proleptic Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    private init(validYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Accepts exactly `YYYY-MM-DD`; a time part or any other shape is refused.
    public init(parsing text: String) throws(DayError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
            throw .notADay(text)
        }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
            throw .notADay(text)
        }
        guard let parsed = Day(year: year, month: month, day: day) else { throw .noSuchDay(text) }
        self = parsed
    }

    /// The day an instant falls on in `timeZone`.
    ///
    /// Total over every `Date`: an instant before `Day.first` or after `Day.last` in that zone (or
    /// not finite) gives that end of the range. No caller value gets there: `Timestamp` only holds
    /// instants that are a year 1–9999 day in every time zone.
    public init(containing date: Date, in timeZone: TimeZone = .gmt) {
        let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        let days = (seconds / 86_400).rounded(.down)
        guard days.isFinite, days >= Double(Self.first.daysSinceUnixEpoch) else {
            self = days.isNaN || days < 0 ? .first : .last
            return
        }
        guard days <= Double(Self.last.daysSinceUnixEpoch) else {
            self = .last
            return
        }
        self.init(daysSinceUnixEpoch: Int(days))
    }

    /// The day `daysSinceUnixEpoch` days after 1970-01-01, for a number within `first...last`
    /// (the days-to-civil algorithm of H. Hinnant's "chrono-compatible low-level date algorithms").
    init(daysSinceUnixEpoch: Int) {
        let shifted = daysSinceUnixEpoch + Self.unixEpochDayNumber
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        self.init(validYear: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }

    /// Days from 1970-01-01 to this day (negative before it).
    var daysSinceUnixEpoch: Int { dayNumber - Self.unixEpochDayNumber }

    /// `dayNumber` of 1970-01-01.
    private static let unixEpochDayNumber = 719_468

    /// `2026-03-05`.
    public var description: String {
        Self.padded(year, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
    }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: Day) -> Int {
        other.dayNumber - dayNumber
    }

    /// The day as people of `locale` write it: `March 5, 2026` in en_US, `5 mars 2026` in fr_FR.
    public func formatted(locale: Locale) -> String {
        formatted(locale: locale, dayOfMonthName: nil, pattern: LocaleFormatCache.longDatePattern(locale))
    }

    /// The day in `locale`'s long style with its day-of-month number written as `dayOfMonthName`
    /// (`1er mars 2026`).
    public func formatted(locale: Locale, dayOfMonthName: String) -> String {
        formatted(locale: locale, dayOfMonthName: dayOfMonthName, pattern: LocaleFormatCache.longDatePattern(locale))
    }

    /// Either of the two with `locale`'s long-date pattern already looked up (`ViewWriter` does it once per message).
    func formatted(locale: Locale, dayOfMonthName: String?, pattern: LongDatePattern?) -> String {
        guard self >= Self.gregorianReform, let pattern else {
            return dayOfMonthName.map { foundationFormatted(locale: locale, dayOfMonthName: $0) } ?? foundationFormatted(locale: locale)
        }
        return pattern.format(self, dayOfMonthName: dayOfMonthName)
    }

    /// `formatted(locale:)` through Foundation's formatters, which `LongDatePattern` is checked against.
    func foundationFormatted(locale: Locale) -> String {
        let midnight = Date(timeIntervalSince1970: Double(daysSinceUnixEpoch) * 86_400)
        guard self < Self.gregorianReform else {
            return midnight.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: locale, calendar: Self.gregorianUTC, timeZone: .gmt))
        }
        // Foundation's Gregorian calendar is Julian before 15 October 1582 (and has no 5–14 October
        // 1582); Herald's days are proleptic Gregorian, which only a formatter told so writes.
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.calendar = Self.gregorianUTC
        formatter.timeZone = .gmt
        formatter.gregorianStartDate = Date(timeIntervalSince1970: Double(Self.first.daysSinceUnixEpoch) * 86_400)
        formatter.dateStyle = .long
        formatter.timeStyle = .none
        return formatter.string(from: midnight)
    }

    /// `formatted(locale:dayOfMonthName:)` through Foundation: the locale's own pattern, its `d`
    /// field replaced by the quoted name.
    func foundationFormatted(locale: Locale, dayOfMonthName: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.dateStyle = .long
        formatter.timeStyle = .none
        let quotedName = "'" + dayOfMonthName.replacingOccurrences(of: "'", with: "''") + "'"
        var pattern = ""
        var quoted = false
        var previous: Character?
        for character in formatter.dateFormat {
            if character == "'" { quoted.toggle() }
            if character == "d", !quoted {
                if previous != "d" { pattern += quotedName }
            } else {
                pattern.append(character)
            }
            previous = character
        }
        return Self.formatted(self, pattern: pattern, locale: locale)
    }

    private static func formatted(_ day: Day, pattern: String, locale: Locale) -> String {
        let formatter = DateFormatter()
        formatter.locale = locale
        formatter.calendar = gregorianUTC
        formatter.timeZone = .gmt
        formatter.gregorianStartDate = Date(timeIntervalSince1970: Double(first.daysSinceUnixEpoch) * 86_400)
        formatter.dateFormat = pattern
        return formatter.string(from: Date(timeIntervalSince1970: Double(day.daysSinceUnixEpoch) * 86_400))
    }

    /// The first day of the Gregorian calendar in Foundation's calendar (earlier days are Julian there).
    static let gregorianReform = Day(validYear: 1582, month: 10, day: 15)

    static let gregorianUTC: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.dayNumber < rhs.dayNumber }

    /// Days since a fixed epoch (the civil-from-days algorithm), so day arithmetic needs no calendar or time zone.
    private var dayNumber: Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Why a `Day` was refused.
public enum DayError: Error, Sendable, Hashable, CustomStringConvertible {
    case notADay(String)
    case noSuchDay(String)

    public var description: String {
        switch self {
        case .notADay(let text): "\"\(text)\" is not a day in the form YYYY-MM-DD"
        case .noSuchDay(let text): "\"\(text)\" is not a day of the calendar"
        }
    }
}
