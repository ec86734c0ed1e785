import Foundation
import Testing
@testable import Messages

@Suite struct DayTests {
    @Test func formatsPerLocale() throws {
        let day = try Day(parsing: "2026-03-05")
        #expect(day.formatted(locale: Locale(identifier: "en_US")) == "March 5, 2026")
        #expect(day.formatted(locale: Locale(identifier: "fr_FR")) == "5 mars 2026")
        #expect(day.formatted(locale: Locale(identifier: "en_GB")) == "5 March 2026")
    }

    @Test(arguments: ["2026-03-05T00:00:00Z", "2026-3-5", "05/03/2026", "2026-03-05 ", "20260305", "２０２６-03-05"])
    func acceptsOnlyYearMonthDay(_ text: String) {
        #expect(throws: DayError.notADay(text)) { try Day(parsing: text) }
    }

    @Test func rejectsDaysTheCalendarDoesNotHave() throws {
        #expect(throws: DayError.noSuchDay("2026-02-29")) { try Day(parsing: "2026-02-29") }
        #expect(throws: DayError.noSuchDay("2026-13-01")) { try Day(parsing: "2026-13-01") }
        #expect(try Day(parsing: "2028-02-29").description == "2028-02-29")
    }

    @Test func countsDaysAcrossMonthsYearsAndLeapDays() throws {
        #expect(try Day(parsing: "2026-03-03").days(until: Day(parsing: "2026-03-04")) == 1)
        #expect(try Day(parsing: "2026-02-27").days(until: Day(parsing: "2026-03-02")) == 3)
        #expect(try Day(parsing: "2028-02-28").days(until: Day(parsing: "2028-03-01")) == 2)
        #expect(try Day(parsing: "2025-12-31").days(until: Day(parsing: "2026-01-01")) == 1)
        #expect(try Day(parsing: "2026-03-04").days(until: Day(parsing: "2026-03-03")) == -1)
    }

    @Test func theSendDayIsTheUTCDayOfTheSendTime() {
        #expect(Day(containing: Date(timeIntervalSince1970: 1_772_582_399)).description == "2026-03-03")
        #expect(Day(containing: Date(timeIntervalSince1970: 1_772_582_400)).description == "2026-03-04")
    }
}
