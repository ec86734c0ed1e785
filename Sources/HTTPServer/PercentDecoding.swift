/// Percent-decoding of request targets (RFC 3986), over bytes so that a multi-byte UTF-8
/// sequence split across `%XX` escapes decodes correctly.
enum PercentDecoding {
    enum Failure: Error, Hashable {
        case badEscape
        case invalidUTF8
    }

    /// Decodes `%XX` escapes; with `plusIsSpace` (query strings) `+` becomes a space.
    static func decode(_ text: Substring, plusIsSpace: Bool) throws(Failure) -> String {
        // Nothing to decode (most paths): the text is already valid UTF-8.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: "%") || ($0 == UInt8(ascii: "+") && plusIsSpace) }) { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .badEscape
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusIsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw .invalidUTF8 }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Splits a raw target into decoded path segments and query items: the path ends at the first `?`
    /// (or a `#` before it), the query runs from that `?` to the next `#`. Scans bytes (the separators
    /// are ASCII), not characters: this runs for every request.
    static func splitTarget(_ target: String) throws(RequestParseError) -> (segments: [String], query: [(name: String, value: String)]) {
        let whole = target[...]
        let questionMark = whole.utf8.firstIndex(of: UInt8(ascii: "?"))
        let beforeQuery = whole[..<(questionMark ?? whole.endIndex)]
        let rawPath = beforeQuery[..<(beforeQuery.utf8.firstIndex(of: UInt8(ascii: "#")) ?? beforeQuery.endIndex)]
        var segments: [String] = []
        for raw in pieces(of: rawPath, separatedBy: UInt8(ascii: "/")) {
            do throws(Failure) {
                segments.append(try decode(raw, plusIsSpace: false))
            } catch {
                throw .invalidTarget(error == .badEscape ? "bad percent escape in path" : "path is not UTF-8")
            }
        }
        var query: [(name: String, value: String)] = []
        if let questionMark {
            let afterMark = whole[whole.utf8.index(after: questionMark)...]
            let rawQuery = afterMark[..<(afterMark.utf8.firstIndex(of: UInt8(ascii: "#")) ?? afterMark.endIndex)]
            for pair in pieces(of: rawQuery, separatedBy: UInt8(ascii: "&")) {
                let equals = pair.utf8.firstIndex(of: UInt8(ascii: "="))
                do throws(Failure) {
                    let name = try decode(pair[..<(equals ?? pair.endIndex)], plusIsSpace: true)
                    var value = ""
                    if let equals { value = try decode(pair[pair.utf8.index(after: equals)...], plusIsSpace: true) }
                    query.append((name, value))
                } catch {
                    throw .invalidTarget(error == .badEscape ? "bad percent escape in query" : "query is not UTF-8")
                }
            }
        }
        return (segments, query)
    }

    /// The non-empty pieces of `text` between occurrences of the ASCII byte `separator`.
    static func pieces(of text: Substring, separatedBy separator: UInt8) -> [Substring] {
        var pieces: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index != text.endIndex {
            let next = text.utf8.index(after: index)
            if text.utf8[index] == separator {
                if start != index { pieces.append(text[start..<index]) }
                start = next
            }
            index = next
        }
        if start != text.endIndex { pieces.append(text[start...]) }
        return pieces
    }
}
