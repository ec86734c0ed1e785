import Foundation
import Testing
@testable import Messages

/// RFC 3339 times are read strictly and only within the range every day conversion supports.
@Suite struct TimestampTests {
    @Test(arguments: ["2026-03-06T09:00:00Z", "2026-03-06t09:00:00z", "2026-03-06T09:00:00.123456789+05:30", "2024-02-29T23:59:59-23:59",
                      "0001-01-02T00:00:00Z", "9999-12-30T23:59:59Z", "0001-01-01T23:59:00-00:01"])
    func acceptsRealTimes(_ text: String) throws {
        #expect(try Timestamp(parsing: text).description == text)
    }

    @Test func computesTheInstant() throws {
        #expect(try Timestamp(parsing: "1970-01-01T00:00:00Z").date == Date(timeIntervalSince1970: 0))
        #expect(try Timestamp(parsing: "2026-03-06T10:30:00+01:30").date == Date(timeIntervalSince1970: 1_772_787_600))
        #expect(try Timestamp(parsing: "1969-12-31T23:59:59.5Z").date == Date(timeIntervalSince1970: -0.5))
    }

    @Test(arguments: ["2027-02-30T00:00:00Z", "2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-01-00T00:00:00Z",
                      "2026-03-06T25:00:00Z", "2026-03-06T24:00:00Z", "2026-03-06T09:60:00Z", "2026-03-06T09:00:60Z", "2026-03-06T09:00:00+24:00",
                      "2026-03-06T09:00:00+05:60"])
    func refusesImpossibleTimes(_ text: String) {
        #expect(throws: TimestampError.noSuchTime(text)) { try Timestamp(parsing: text) }
        #expect(TimestampError.noSuchTime(text).kind == .invalid)
    }

    @Test(arguments: ["2026-03-06", "2026-03-06 09:00:00Z", "2026-03-06T09:00:00", "2026-03-06T09:00Z", "2026-03-06T09:00:00.Z",
                      "2026-03-06T09:00:00.1234567890Z", "+2026-03-06T09:00:00Z", "2026-3-06T09:00:00Z", "2026-03-06T09:00:00+0100",
                      "2026-03-06T09:00:00Z ", "２０２６-03-06T09:00:00Z", "2026-03-06T09:00:00UTC"])
    func refusesOtherShapes(_ text: String) {
        #expect(throws: TimestampError.notRFC3339(text)) { try Timestamp(parsing: text) }
    }

    @Test(arguments: ["9999-12-31T23:59:59-05:00", "9999-12-31T00:00:00Z", "0001-01-01T00:00:00Z", "0000-12-31T23:59:59Z",
                      "0001-01-01T23:59:59+00:01"])
    func refusesInstantsOutsideTheSupportedRange(_ text: String) {
        #expect(throws: TimestampError.outOfRange(text)) { try Timestamp(parsing: text) }
        #expect(TimestampError.outOfRange(text).kind == .unprocessable)
    }

    /// Every accepted instant is a valid day in every time zone, so the send day always exists.
    @Test func theEndsOfTheRangeAreDaysInEveryZone() throws {
        for text in ["0001-01-02T00:00:00Z", "9999-12-30T23:59:59Z"] {
            let date = try Timestamp(parsing: text).date
            for zone in ["Pacific/Kiritimati", "Etc/GMT+12", "America/New_York", "Asia/Kolkata"] {
                let timeZone = try #require(TimeZone(identifier: zone))
                let day = Day(containing: date, in: timeZone)
                #expect(day >= Day.first && day <= Day.last)
            }
        }
    }
}

/// `Day(containing:)` is total over every `Date`, and agrees with Foundation's calendar inside the range
/// (from 1583: before the Gregorian reform Foundation's calendar is Julian, Herald's is proleptic Gregorian).
@Suite struct DayContainingTests {
    @Test func clampsOutsideTheRange() {
        #expect(Day(containing: .distantFuture) == Day(year: 4001, month: 1, day: 1))
        #expect(Day(containing: Date(timeIntervalSince1970: 1e300)) == Day.last)
        #expect(Day(containing: Date(timeIntervalSince1970: -1e300)) == Day.first)
        #expect(Day(containing: .distantPast) == Day.first)
        #expect(Day(containing: Date(timeIntervalSince1970: .infinity)) == Day.last)
        #expect(Day(containing: Date(timeIntervalSince1970: -.infinity)) == Day.first)
        #expect(Day(containing: Date(timeIntervalSince1970: .nan)) == Day.first)
        #expect(Day(containing: Date(timeIntervalSince1970: 253_402_300_799 + 86_400)) == Day.last)
    }

    @Test func agreesWithTheGregorianCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let zones = try ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Paris", "UTC"].map { try #require(TimeZone(identifier: $0)) }
        // 2,000 instants spread over the whole range, each at a different time of day.
        let first = -12_212_553_600, last = 253_402_214_400
        for index in 0..<2_000 {
            let seconds = Double(first + (last - first) / 2_000 * index + index * 3_607 % 86_400)
            let date = Date(timeIntervalSince1970: seconds)
            for zone in zones {
                calendar.timeZone = zone
                let parts = calendar.dateComponents([.year, .month, .day], from: date)
                let day = Day(containing: date, in: zone)
                guard let year = parts.year, (1...9999).contains(year) else { continue }
                #expect(day == Day(year: year, month: parts.month ?? 0, day: parts.day ?? 0), "\(date) in \(zone.identifier)")
            }
        }
    }
}
