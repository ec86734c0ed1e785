import Foundation

/// A strict RFC 8259 reader over the UTF-8 bytes of a request body, building a `JSONValue`.
///
/// Herald reads JSON itself rather than through Foundation so one pass enforces what a service
/// that callers cannot be trusted with needs: UTF-8 only (no BOM, no UTF-16/32, no invalid or
/// surrogate code points), a nesting limit that holds whatever the encoding (recursion is bounded,
/// so a deep body can never exhaust a stack), and duplicate member names refused with their path
/// instead of silently keeping one of them.
struct JSONReader {
    /// No Herald request nests deeper than a handful of levels.
    static let maximumDepth = 32
    /// Longest number literal read; anything longer is not an amount or a count a caller means.
    static let maximumNumberLength = 100

    private let bytes: [UInt8]
    private var offset = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses one JSON document that fills `bytes` (whitespace around it allowed).
    static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var reader = JSONReader(bytes)
        try reader.checkEncoding()
        reader.skipWhitespace()
        let value = try reader.readValue(at: FieldPath(""), depth: 0)
        reader.skipWhitespace()
        guard reader.offset == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    /// Refuses what is not UTF-8 before anything else, with a message that says what it looks like.
    private func checkEncoding() throws(JSONSyntaxError) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw error("the body starts with a byte order mark; send UTF-8 JSON without one")
        }
        if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) || bytes.prefix(4).contains(0) {
            throw error("the body is not UTF-8 (it looks like UTF-16 or UTF-32); send UTF-8 JSON")
        }
    }

    private mutating func readValue(at path: FieldPath, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard offset < bytes.count else { throw error("unexpected end of the body, expected a value") }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return try readObject(at: path, depth: depth + 1)
        case UInt8(ascii: "["): return try readArray(at: path, depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try readNumber()
        default: throw error("unexpected character, expected a value")
        }
    }

    private mutating func readObject(at path: FieldPath, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        offset += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes") }
            let nameOffset = offset
            let name = try readString()
            let memberPath = path.appending(name)
            guard members[name] == nil else {
                throw JSONSyntaxError(detail: "duplicate member \"\(name)\"", path: memberPath, position: position(of: nameOffset))
            }
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw error("expected ':' after a member name") }
            skipWhitespace()
            members[name] = try readValue(at: memberPath, depth: depth)
            skipWhitespace()
            if consume(UInt8(ascii: "}")) { return .object(members) }
            guard consume(UInt8(ascii: ",")) else { throw error("expected ',' or '}' after a member") }
        }
    }

    private mutating func readArray(at path: FieldPath, depth: Int) throws(JSONSyntaxError) -> JSONValue {
        guard depth <= Self.maximumDepth else { throw error("nested deeper than \(Self.maximumDepth) levels") }
        offset += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try readValue(at: path.appending(index: elements.count), depth: depth))
            skipWhitespace()
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            guard consume(UInt8(ascii: ",")) else { throw error("expected ',' or ']' after a list element") }
        }
    }

    /// Reads a string literal; escapes are decoded and the result must be valid UTF-8 with no
    /// lone surrogate (neither raw nor as `\u` escapes).
    private mutating func readString() throws(JSONSyntaxError) -> String {
        let start = offset
        offset += 1
        // Most strings have no escape: made straight from the body's bytes, without a copy in between.
        let contentStart = offset
        while offset < bytes.count, bytes[offset] != UInt8(ascii: "\""), bytes[offset] != UInt8(ascii: "\\"), bytes[offset] >= 0x20 {
            offset += 1
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") {
            guard let string = String(validating: bytes[contentStart..<offset], as: UTF8.self) else {
                offset = start
                throw error("a string is not valid UTF-8")
            }
            offset += 1
            return string
        }
        var text = Array(bytes[contentStart..<offset])
        while true {
            guard offset < bytes.count else {
                offset = start
                throw error("unterminated string")
            }
            let byte = bytes[offset]
            switch byte {
            case UInt8(ascii: "\""):
                offset += 1
                guard let string = String(validating: text, as: UTF8.self) else {
                    offset = start
                    throw error("a string is not valid UTF-8")
                }
                return string
            case UInt8(ascii: "\\"):
                offset += 1
                try readEscape(into: &text)
            case 0..<0x20:
                throw error("a control character must be escaped in a string")
            default:
                text.append(byte)
                offset += 1
            }
        }
    }

    private mutating func readEscape(into text: inout [UInt8]) throws(JSONSyntaxError) {
        guard offset < bytes.count else { throw error("unterminated escape in a string") }
        let escape = bytes[offset]
        offset += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escape)
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "r"): text.append(0x0D)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHexUnit()
            var value = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw error("a high surrogate escape without its low surrogate") }
                let low = try readHexUnit()
                guard (0xDC00...0xDFFF).contains(low) else { throw error("a high surrogate escape without its low surrogate") }
                value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(unit) {
                throw error("a low surrogate escape without its high surrogate")
            }
            guard let scalar = Unicode.Scalar(value) else { throw error("an escape that is not a Unicode scalar") }
            text.append(contentsOf: String(scalar).utf8)
        default:
            offset -= 1
            throw error("unknown escape in a string")
        }
    }

    private mutating func readHexUnit() throws(JSONSyntaxError) -> UInt16 {
        guard offset + 4 <= bytes.count else { throw error("a \\u escape needs four hex digits") }
        var unit: UInt16 = 0
        for byte in bytes[offset..<(offset + 4)] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("a \\u escape needs four hex digits")
            }
            unit = unit << 4 | UInt16(digit)
        }
        offset += 4
        return unit
    }

    /// `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`; a literal without fraction or
    /// exponent that fits `Int` is an integer, anything else a `Decimal` (beyond its range, an error).
    private mutating func readNumber() throws(JSONSyntaxError) -> JSONValue {
        let start = offset
        _ = consume(UInt8(ascii: "-"))
        guard offset < bytes.count, isDigit(bytes[offset]) else { throw error("a number needs digits") }
        if bytes[offset] == UInt8(ascii: "0") {
            offset += 1
            if offset < bytes.count, isDigit(bytes[offset]) { throw error("a number must not have a leading zero") }
        } else {
            skipDigits()
        }
        var isIntegerLiteral = true
        if consume(UInt8(ascii: ".")) {
            isIntegerLiteral = false
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw error("a number needs digits after '.'") }
            skipDigits()
        }
        if offset < bytes.count, bytes[offset] == UInt8(ascii: "e") || bytes[offset] == UInt8(ascii: "E") {
            isIntegerLiteral = false
            offset += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard offset < bytes.count, isDigit(bytes[offset]) else { throw error("a number needs digits in its exponent") }
            skipDigits()
        }
        let literal = String(decoding: bytes[start..<offset], as: UTF8.self)
        guard offset - start <= Self.maximumNumberLength else {
            offset = start
            throw error("a number longer than \(Self.maximumNumberLength) characters")
        }
        if isIntegerLiteral, let integer = Int(literal) { return .integer(integer) }
        guard let number = Decimal(string: literal, locale: nil), !number.isNaN else {
            offset = start
            throw error("a number outside the range Herald reads")
        }
        return .number(number)
    }

    private mutating func readLiteral(_ word: StaticString) throws(JSONSyntaxError) {
        let expected = word.withUTF8Buffer { Array($0) }
        guard bytes.count - offset >= expected.count, bytes[offset..<(offset + expected.count)].elementsEqual(expected) else {
            throw error("unexpected character, expected a value")
        }
        offset += expected.count
    }

    private mutating func skipWhitespace() {
        while offset < bytes.count {
            switch bytes[offset] {
            case 0x20, 0x09, 0x0A, 0x0D: offset += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() {
        while offset < bytes.count, isDigit(bytes[offset]) { offset += 1 }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private func error(_ detail: String) -> JSONSyntaxError {
        JSONSyntaxError(detail: detail, path: nil, position: position(of: offset))
    }

    /// Line and column (1-based, columns in characters) of a byte offset, for messages a person can follow.
    private func position(of byteOffset: Int) -> JSONSyntaxError.Position {
        var line = 1
        var lineStart = 0
        let end = min(byteOffset, bytes.count)
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).unicodeScalars.count + 1
        return JSONSyntaxError.Position(line: line, column: column)
    }
}
