import Foundation
import Testing
@testable import Messages

/// The request body reader: strict RFC 8259 over UTF-8, with the limits a hostile body meets.
@Suite struct JSONReaderTests {
    func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
        try JSONValue(parsing: Array(text.utf8))
    }

    func syntaxError(_ bytes: [UInt8]) -> JSONSyntaxError? {
        do {
            _ = try JSONValue(parsing: bytes)
            return nil
        } catch {
            return error
        }
    }

    @Test func readsEveryKindOfValue() throws {
        let value = try parse(#" {"a": [1, -2, 0.5, 1e2, true, false, null, "x\u00e9\"\\\/\b\f\n\r\t\ud83d\ude00"], "b": {}} "#)
        #expect(value == .object([
            "a": .array([.integer(1), .integer(-2), .number(Decimal(string: "0.5", locale: nil) ?? 0), .number(100), .bool(true), .bool(false), .null,
                         .string("xé\"\\/\u{8}\u{c}\n\r\t😀")]),
            "b": .object([:]),
        ]))
    }

    @Test func duplicateMembersAreRefusedWithTheirPath() {
        let error = syntaxError(Array(#"{"context":{"items":[{"n":1,"n":2}]}}"#.utf8))
        #expect(error?.path?.description == "context.items[0].n")
        #expect(error?.detail == "duplicate member \"n\"")
        #expect(syntaxError(Array(#"{"to":1,"to":2}"#.utf8))?.path?.description == "to")
    }

    @Test func nestingIsLimitedWhateverTheEncoding() {
        let deep = String(repeating: "[", count: 33) + String(repeating: "]", count: 33)
        #expect(syntaxError(Array(deep.utf8))?.detail == "nested deeper than 32 levels")
        let allowed = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
        #expect(syntaxError(Array(allowed.utf8)) == nil)
        // Brackets inside strings are text, not nesting.
        #expect(syntaxError(Array(("{\"s\":\"" + String(repeating: "[", count: 100) + "\"}").utf8)) == nil)
        // 500 levels in UTF-16 used to pass a byte-level guard and reach Foundation's recursive decoder.
        let utf16 = Array((String(repeating: "[", count: 500) + String(repeating: "]", count: 500)).utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        #expect(syntaxError(utf16)?.detail.contains("not UTF-8") == true)
        #expect(syntaxError([0xFF, 0xFE] + utf16)?.detail.contains("not UTF-8") == true)
        #expect(syntaxError([0xEF, 0xBB, 0xBF] + Array("{}".utf8))?.detail.contains("byte order mark") == true)
    }

    @Test func onlyValidUTF8WithoutLoneSurrogates() {
        #expect(syntaxError([UInt8(ascii: "\""), 0xC3, UInt8(ascii: "\"")])?.detail == "a string is not valid UTF-8")
        #expect(syntaxError([UInt8(ascii: "\""), 0xED, 0xA0, 0x80, UInt8(ascii: "\"")])?.detail == "a string is not valid UTF-8")
        #expect(syntaxError(Array(#""\ud800""#.utf8)) != nil)
        #expect(syntaxError(Array(#""\udc00""#.utf8)) != nil)
        #expect(syntaxError(Array(#""\ud800\u0041""#.utf8)) != nil)
        #expect(syntaxError(Array("\"a\u{1}b\"".utf8))?.detail == "a control character must be escaped in a string")
    }

    @Test(arguments: ["", " ", "{", "[1,]", "{\"a\":1,}", "01", "-", "1.", ".5", "1e", "+1", "tru", "nul", "{} x", "{'a':1}",
                      "[1 2]", "{\"a\" 1}", "NaN", "Infinity", "1e999", "\"\\x\"", String(repeating: "1", count: 101)])
    func malformedTextIsRefused(_ text: String) {
        #expect(syntaxError(Array(text.utf8)) != nil)
    }

    @Test func integersBeyondIntAreNumbers() throws {
        #expect(try parse("9223372036854775807") == .integer(Int.max))
        #expect(try parse("9223372036854775808") == .number(Decimal(string: "9223372036854775808", locale: nil) ?? 0))
        #expect(try parse("-0") == .integer(0))
    }

    @Test func errorsSayWhere() {
        let error = syntaxError(Array("{\n  \"a\": 1,\n  \"é\": x\n}".utf8))
        #expect(error?.description == "invalid JSON at line 3, column 8: unexpected character, expected a value")
    }
}
