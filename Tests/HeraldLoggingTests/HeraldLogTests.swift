import Foundation
import HeraldLogging
import TestSupport
import Testing

/// The one schema every line has: `ts`, `level`, `event`, then the fields in the caller's order, as
/// one JSON object on one line; and the level filter every line passes.
@Suite struct HeraldLogTests {
    static let fixedTime = LogTimestamp(secondsSinceEpoch: 1_796_318_924, milliseconds: 123)

    func log(_ minimumLevel: HeraldLog.Level = .debug) -> (HeraldLog, CollectedLines) {
        let lines = CollectedLines()
        return (HeraldLog(minimumLevel: minimumLevel, sink: lines, clock: { Self.fixedTime }), lines)
    }

    @Test func aLineIsTsLevelEventThenTheFieldsInTheOrderGiven() throws {
        let (log, lines) = log()
        log.info("request", ["method": "POST", "status": 202, "durationMs": 1.5, "replayed": false, "id": .string("msg-1")])
        #expect(lines.lines == [
            #"{"ts":"2026-12-03T17:28:44.123Z","level":"info","event":"request","method":"POST","status":202,"durationMs":1.5,"replayed":false,"id":"msg-1"}"# + "\n",
        ])
    }

    @Test func fieldsKeepTheirOrderEvenWhenNotSorted() throws {
        let (log, lines) = log()
        var fields: HeraldLog.Fields = ["zeta": 1, "alpha": 2]
        fields.append("mid", 3)
        log.warning("ordered", fields)
        let line = try #require(lines.lines.first)
        #expect(line.hasSuffix(#""event":"ordered","zeta":1,"alpha":2,"mid":3}"# + "\n"))
    }

    @Test func everyLevelWritesItsName() {
        let (log, lines) = log()
        log.debug("d")
        log.info("i")
        log.warning("w")
        log.error("e")
        log.log(.error, "direct")
        #expect(lines.lines.map { $0.split(separator: ",")[1] } == [
            #""level":"debug""#, #""level":"info""#, #""level":"warning""#, #""level":"error""#, #""level":"error""#,
        ])
    }

    @Test func linesBelowTheMinimumLevelAreDropped() {
        let (log, lines) = log(.warning)
        log.debug("hidden-debug")
        log.info("hidden-info")
        log.warning("shown-warning")
        log.error("shown-error")
        #expect(lines.lines.count == 2)
        #expect(lines.lines.allSatisfy { !$0.contains("hidden") })
        #expect(HeraldLog.Level.allCases.sorted() == [.debug, .info, .warning, .error])
        #expect(HeraldLog().minimumLevel == .info)
    }

    @Test func quotesBackslashesAndControlCharactersAreEscapedSoALineStaysOneLine() throws {
        let (log, lines) = log()
        let hostile = "a\"b\\c\nd\re\tf\u{01}g\u{1F}h\u{7F}i\u{2028}j\u{2029}k é ✉"
        log.error("event \"quoted\"\n", ["note": .string(hostile), "key\nwith \"quote\"": true])
        let line = try #require(lines.lines.first)
        #expect(line.hasSuffix("}\n"))
        #expect(!line.dropLast().contains("\n") && !line.contains("\r") && !line.contains("\u{2028}"))
        #expect(line.contains(#""note":"a\"b\\c\nd\re\tf\u0001g\u001fh\u007fi\u2028j\u2029k é ✉""#))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(json["event"] as? String == "event \"quoted\"\n")
        #expect(json["note"] as? String == hostile)
        #expect(json["key\nwith \"quote\""] as? Bool == true)
    }

    @Test func aFieldNamedLikeTheSchemaKeysCannotReplaceThem() throws {
        let (log, lines) = log()
        log.info("real", ["ts": "fake", "level": "error", "event": "fake"])
        let line = try #require(lines.lines.first)
        #expect(line.hasSuffix(#""event":"real","_ts":"fake","_level":"error","_event":"fake"}"# + "\n"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(json["level"] as? String == "info")
    }

    @Test func numbersAreJSONNumbersAndNonFiniteDoublesAreNull() throws {
        let (log, lines) = log()
        log.info("numbers", ["negative": -42, "big": .int(Int.max), "small": 0.000_01, "nan": .double(.nan), "infinite": .double(.infinity)])
        let line = try #require(lines.lines.first)
        #expect(line.contains(#""nan":null,"infinite":null"#))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(json["negative"] as? Int == -42)
        #expect(json["big"] as? Int == Int.max)
        #expect(json["small"] as? Double == 0.000_01)
    }

    @Test func nestedFieldsKeepTheirOrderToo() throws {
        let (log, lines) = log()
        log.info("started", ["port": 8025, "configuration": .object(["transport": "outbox", "apiToken": "***"])])
        let line = try #require(lines.lines.first)
        #expect(line.hasSuffix(#""port":8025,"configuration":{"transport":"outbox","apiToken":"***"}}"# + "\n"))
    }

    @Test("timestamps are UTC RFC 3339 with milliseconds", arguments: [
        (0, 0, "1970-01-01T00:00:00.000Z"),
        (-1, 0, "1969-12-31T23:59:59.000Z"),
        (951_868_800, 0, "2000-03-01T00:00:00.000Z"),
        (4_107_542_400, 0, "2100-03-01T00:00:00.000Z"),
        (253_402_300_799, 999, "9999-12-31T23:59:59.999Z"),
        (946_684_800, 7, "2000-01-01T00:00:00.007Z"),
        (1_709_251_199, 999, "2024-02-29T23:59:59.999Z"),
        (1_796_318_924, 123, "2026-12-03T17:28:44.123Z"),
    ])
    func timestamps(seconds: Int, milliseconds: Int, expected: String) {
        #expect(LogTimestamp(secondsSinceEpoch: seconds, milliseconds: milliseconds).text == expected)
    }

    @Test func theClockIsTheWallClock() throws {
        let before = Int(Date().timeIntervalSince1970)
        let now = LogTimestamp.now()
        let after = Int(Date().timeIntervalSince1970)
        #expect(now.secondsSinceEpoch >= before && now.secondsSinceEpoch <= after)
        #expect((0...999).contains(now.milliseconds))
        #expect(now.text.count == "2026-12-03T17:28:44.123Z".count)
    }
}
