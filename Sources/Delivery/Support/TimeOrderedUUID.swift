import Foundation
import Messages

/// UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then 74 random bits. Message and
/// event ids are these, so ids made close in time sort close together: every index keyed by an id
/// (the messages, their bodies, recipients and events) grows at its end, and a group commit of many
/// messages rewrites a few shared index pages instead of one random page per message per index
/// (with random UUIDs that was half of the bytes each accepted message wrote to the WAL). The 74
/// random bits keep an id as unguessable as it needs to be; the time it tells is the message's
/// `createdAt`, which its status shows anyway.
public enum TimeOrderedUUID {
    /// The 16 bytes of a new version 7 UUID for the instant `now`.
    public static func bytes(now: Date = Date()) -> [UInt8] {
        let milliseconds = now.timeIntervalSince1970 * 1000
        let time: UInt64 = milliseconds.isFinite && milliseconds > 0 ? UInt64(min(milliseconds, Double((UInt64(1) << 48) - 1))) : 0
        var generator = SystemRandomNumberGenerator()
        let (high, low) = (generator.next() as UInt64, generator.next() as UInt64)
        var bytes = [UInt8](repeating: 0, count: 16)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: time >> UInt64(40 - 8 * index)) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: high & 0x0F)  // version 7
        bytes[7] = UInt8(truncatingIfNeeded: high >> 8)
        bytes[8] = 0x80 | UInt8(truncatingIfNeeded: low & 0x3F)  // variant 10
        for index in 9..<16 { bytes[index] = UInt8(truncatingIfNeeded: low >> UInt64(8 * (index - 8))) }
        return bytes
    }

    /// A new version 7 UUID in its usual text form, lower case (`0190f5c2-…`).
    public static func string(now: Date = Date()) -> String {
        let uuid = bytes(now: now)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for index in uuid.indices {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            LowercaseHex.append(uuid[index], to: &text)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
