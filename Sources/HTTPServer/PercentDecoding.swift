/// Percent-decoding of request targets (RFC 3986), over bytes so that a multi-byte UTF-8
/// sequence split across `%XX` escapes decodes correctly.
enum PercentDecoding {
    enum Failure: Error, Hashable {
        case badEscape
        case invalidUTF8
    }

    /// Decodes `%XX` escapes; with `plusIsSpace` (query strings) `+` becomes a space.
    static func decode(_ text: Substring, plusIsSpace: Bool) throws(Failure) -> String {
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

    /// Splits a raw target into decoded path segments and query items.
    static func splitTarget(_ target: String) throws(RequestParseError) -> (segments: [String], query: [(name: String, value: String)]) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawPath = parts[0].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
        var segments: [String] = []
        for raw in rawPath.dropFirst().split(separator: "/") {
            do {
                segments.append(try decode(raw, plusIsSpace: false))
            } catch {
                throw .invalidTarget(error == .badEscape ? "bad percent escape in path" : "path is not UTF-8")
            }
        }
        var query: [(name: String, value: String)] = []
        if parts.count == 2 {
            let rawQuery = parts[1].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            for pair in rawQuery.split(separator: "&") {
                let nameValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                do {
                    let name = try decode(nameValue[0], plusIsSpace: true)
                    let value = nameValue.count == 2 ? try decode(nameValue[1], plusIsSpace: true) : ""
                    query.append((name, value))
                } catch {
                    throw .invalidTarget(error == .badEscape ? "bad percent escape in query" : "query is not UTF-8")
                }
            }
        }
        return (segments, query)
    }
}
