import Foundation

/// The `Date:` header form, always in UTC: `Thu, 05 Mar 2026 12:00:00 +0000`.
enum RFC5322Date {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Computed from the day number (`Day`): a `Calendar` and `String(format:)` per message were
    /// a tenth of composing one. Written as bytes, made a `String` once (fifteen string
    /// concatenations cost more than the arithmetic).
    static func format(_ date: Date) -> String {
        let day = Day(containing: date, in: .gmt)
        let secondsOfDay = date.timeIntervalSince1970.rounded(.down) - Double(day.daysSinceUnixEpoch) * 86_400
        // Day clamps instants outside the years 1–9999 (and non-finite ones) to the range's ends, and
        // Foundation's calendar is Julian before the reform: those go through the calendar as before.
        guard day >= Day.gregorianReform, (0..<86_400).contains(secondsOfDay) else { return formattedByCalendar(date) }
        let seconds = Int(secondsOfDay)
        // 1970-01-01 was a Thursday.
        var text: [UInt8] = []
        text.reserveCapacity(31)
        func digits(_ number: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                text.append(UInt8(ascii: "0") + UInt8(number / divisor % 10))
                divisor /= 10
            }
        }
        text.append(contentsOf: weekdays[((day.daysSinceUnixEpoch % 7) + 11) % 7].utf8)
        text.append(contentsOf: ", ".utf8)
        digits(day.day, 2)
        text.append(32)
        text.append(contentsOf: months[day.month - 1].utf8)
        text.append(32)
        digits(day.year, 4)
        text.append(32)
        digits(seconds / 3_600, 2)
        text.append(UInt8(ascii: ":"))
        digits(seconds / 60 % 60, 2)
        text.append(UInt8(ascii: ":"))
        digits(seconds % 60, 2)
        text.append(contentsOf: " +0000".utf8)
        return String(decoding: text, as: UTF8.self)
    }

    private static func formattedByCalendar(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        let month = months[((parts.month ?? 1) - 1) % 12]
        return String(format: "%@, %02d %@ %04d %02d:%02d:%02d +0000", weekday, parts.day ?? 1, month, parts.year ?? 1970,
                      parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
