import Foundation
import Testing
@testable import Messages

/// Days are proleptic Gregorian from year 1 to 9999, and are written with their own numbers even
/// where Foundation's calendar is Julian (before 15 October 1582) or skips days (5–14 October 1582).
@Suite struct DayFormattingTests {
    /// `1582-10-10` used to be written "October 20, 1582": Foundation's calendar has no such day.
    @Test func theDaysAroundTheGregorianReformKeepTheirNumbers() throws {
        for dayOfMonth in 1...20 {
            let day = try #require(Day(year: 1582, month: 10, day: dayOfMonth))
            #expect(day.formatted(locale: Locale(identifier: "en_US")) == "October \(dayOfMonth), 1582")
            #expect(day.formatted(locale: Locale(identifier: "fr_FR")) == "\(dayOfMonth) octobre 1582")
        }
    }

    @Test(arguments: [("0001-01-01", "January 1, 1", "1 janvier 1"), ("1500-03-01", "March 1, 1500", "1 mars 1500"),
                      ("1600-02-29", "February 29, 1600", "29 février 1600"), ("9999-12-31", "December 31, 9999", "31 décembre 9999")])
    func theEndsOfTheRangeAreWrittenAsParsed(_ text: String, _ english: String, _ french: String) throws {
        let day = try Day(parsing: text)
        #expect(day.formatted(locale: Locale(identifier: "en_US")) == english)
        #expect(day.formatted(locale: Locale(identifier: "fr_FR")) == french)
    }
}
