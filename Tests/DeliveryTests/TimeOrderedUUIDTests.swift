import Foundation
import Testing
@testable import Delivery

/// Message and event ids are UUID version 7 so that the store's id indexes grow at their end; these
/// pin what that promises: the RFC 9562 layout, order by creation time, and no repeats.
@Suite("Time-ordered UUIDs")
struct TimeOrderedUUIDTests {
    private func milliseconds(of bytes: [UInt8]) -> UInt64 {
        bytes.prefix(6).reduce(0) { ($0 << 8) | UInt64($1) }
    }

    @Test("the first 48 bits are the Unix time in milliseconds, then version 7 and variant 10")
    func layout() throws {
        let instant = Date(timeIntervalSince1970: 1_796_601_600.123)
        let bytes = TimeOrderedUUID.bytes(now: instant)
        #expect(bytes.count == 16)
        #expect(milliseconds(of: bytes) == 1_796_601_600_123)
        #expect(bytes[6] >> 4 == 7)
        #expect(bytes[8] >> 6 == 0b10)
        let text = TimeOrderedUUID.string(now: instant)
        let parsed = try #require(UUID(uuidString: text), "\(text) is a UUID in its usual form")
        #expect(text == parsed.uuidString.lowercased())
        #expect(text.hasPrefix("01a2"), "\(text): 1,796,601,600,123 ms is 0x01a2…")
    }

    @Test("ids made in later milliseconds sort after earlier ones, as text too")
    func orderFollowsTime() {
        // Half a millisecond in, so that no instant rounds down into the millisecond before it.
        let texts = (0..<1_000).map { TimeOrderedUUID.string(now: Date(timeIntervalSince1970: (1_800_000_000_000 + Double($0) + 0.5) / 1000)) }
        let unordered = texts.indices.dropFirst().first { texts[$0 - 1] >= texts[$0] }
        #expect(unordered == nil, "\(unordered.map { texts[$0 - 1] + " >= " + texts[$0] } ?? "")")
    }

    @Test("ids made in the same millisecond differ in their 74 random bits")
    func noRepeatsWithinAMillisecond() {
        let instant = Date(timeIntervalSince1970: 1_800_000_000)
        let ids = (0..<20_000).map { _ in TimeOrderedUUID.string(now: instant) }
        #expect(Set(ids).count == ids.count)
    }

    @Test("a clock before 1970, beyond 48 bits of milliseconds or not a number gives a valid id, never a trap", arguments: [
        Date.distantPast.timeIntervalSince1970, -1, 0, 1e300, .infinity, .nan,
    ])
    func impossibleClocks(secondsSince1970: Double) throws {
        let instant = Date(timeIntervalSince1970: secondsSince1970)
        let bytes = TimeOrderedUUID.bytes(now: instant)
        let time = milliseconds(of: bytes)
        #expect(time == 0 || time == (UInt64(1) << 48) - 1)
        #expect(bytes[6] >> 4 == 7 && bytes[8] >> 6 == 0b10)
        #expect(UUID(uuidString: TimeOrderedUUID.string(now: instant)) != nil)
    }

    @Test("event ids are evt_ and the 32 hex digits of a version 7 UUID made now")
    func eventIDsUseIt() {
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        let event = MessageEvent.newID()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        let hex = event.dropFirst(4)
        let time = UInt64(hex.prefix(12), radix: 16) ?? 0
        #expect(event.hasPrefix("evt_") && hex.count == 32)
        #expect((before...after).contains(time), "evt id time \(time) between \(before) and \(after)")
        #expect(hex.dropFirst(12).first == "7")
    }
}
