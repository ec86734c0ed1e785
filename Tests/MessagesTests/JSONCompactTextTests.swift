import Foundation
import Testing
import TestSupport
@testable import Messages

/// `JSONValue.compactText` is what the outbox records of a message's context; it must be exactly
/// what `JSONEncoder` (sorted keys, unescaped slashes) writes, which records made before it used.
@Suite struct JSONCompactTextTests {
    @Test func theTextIsWhatJSONEncoderWrites() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var random = SplitMix64(seed: 77)
        let keys = ["a", "b", "B", "a10", "a9", "A", "_x", "é", "e", "z", "Z", "aa", "a b", "1", "10", "2", "ß", "\u{1F600}", "key/slash", "x\"y",
                    "customerName", "schedule", "amount", "currency", "dueDate", "", "\u{7F}", "ǅ", "Ａ", "e\u{301}x", "éx", "ex", "f"]
        let strings = ["", "plain", "quote \" and \\ backslash", "slash / here", "tab\tnew\nline\r", "\u{00}\u{01}\u{1F}\u{0B}\u{0C}\u{08}", "é€😀",
                       "\u{2028}\u{2029}", "\u{7F}\u{80}", "</script>"]
        let numbers = ["0", "1.5", "1234.50", "-0.001", "1e3", "12345678901234567890123", "0.1", "-12.0", "3.14159e-5", "1E+2"]
        func value(_ depth: Int) -> JSONValue {
            switch random.next() % (depth > 2 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(random.next() % 2 == 0)
            case 2: return .integer(Int(truncatingIfNeeded: random.next()) >> Int(random.next() % 64))
            case 3: return (try? JSONValue(parsing: Array(numbers[Int(random.next() % UInt64(numbers.count))].utf8))) ?? .null
            case 4: return .string(strings[Int(random.next() % UInt64(strings.count))])
            case 5: return .array((0..<Int(random.next() % 4)).map { _ in value(depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int(random.next() % 8) { members[keys[Int(random.next() % UInt64(keys.count))]] = value(depth + 1) }
                return .object(members)
            }
        }
        for _ in 0..<3_000 {
            let json = value(0)
            let expected = String(decoding: try encoder.encode(json), as: UTF8.self)
            #expect(json.compactText == expected)
        }
    }

    /// Strings are scanned eight bytes at a time: every byte that needs an escape, at every offset in
    /// and across those words, next to multi-byte characters, is escaped as `JSONEncoder` escapes it.
    @Test func everyEscapeIsFoundWhereverItFallsInAWord() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let specials: [String] = ["\"", "\\", "\u{0}", "\u{1F}", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{7F}", "é", "😀", "!", "#", "[", "]", " ", "~"]
        for length in 0..<26 {
            for position in 0..<max(length, 1) {
                for special in specials {
                    var characters = Array(repeating: "a", count: length)
                    if position < length { characters[position] = special }
                    let text = characters.joined()
                    let value = JSONValue.string(text)
                    #expect(value.compactText == String(decoding: try encoder.encode(value), as: UTF8.self), "\(text.debugDescription)")
                    #expect(try JSONValue(parsing: Array(value.compactText.utf8)) == value)
                }
            }
        }
    }
}
