/// The "relaxed" header and body canonicalization of RFC 6376 §3.4.2 and §3.4.4, over bytes: it
/// tolerates what relays commonly do (re-folding headers, changing whitespace, case of header names,
/// trailing blank lines) while any change of words breaks the signature.
enum RelaxedCanonicalization {
    /// One header field (`Name: value` with its folding, without the final CRLF) as
    /// `name:value\r\n`: lower-case name, unfolded, runs of whitespace as one space, none at the ends.
    static func header(_ field: ArraySlice<UInt8>) -> [UInt8] {
        guard let colon = field.firstIndex(of: UInt8(ascii: ":")) else { return [] }
        var output: [UInt8] = []
        output.reserveCapacity(field.count + 2)
        for byte in field[field.startIndex..<colon] where !isWhitespace(byte) && byte != cr && byte != lf {
            output.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
        }
        output.append(UInt8(ascii: ":"))
        var pendingSpace = false
        var wroteValue = false
        for byte in field[field.index(after: colon)...] {
            if byte == cr || byte == lf { continue }
            if isWhitespace(byte) {
                pendingSpace = true
                continue
            }
            if pendingSpace && wroteValue { output.append(space) }
            pendingSpace = false
            wroteValue = true
            output.append(byte)
        }
        output.append(contentsOf: [cr, lf])
        return output
    }

    /// The body: each line's runs of whitespace as one space and none at its end, trailing empty lines
    /// removed, and a final CRLF unless the body is then empty.
    static func body(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var emptyLinesPending = 0
        var line: [UInt8] = []
        var index = body.startIndex
        while index < body.endIndex {
            var end = index
            while end < body.endIndex && body[end] != lf { end += 1 }
            var lineEnd = end
            if lineEnd > index && body[lineEnd - 1] == cr { lineEnd -= 1 }
            line.removeAll(keepingCapacity: true)
            var pendingSpace = false
            for byte in body[index..<lineEnd] {
                if isWhitespace(byte) {
                    pendingSpace = true
                } else {
                    if pendingSpace { line.append(space) }
                    pendingSpace = false
                    line.append(byte)
                }
            }
            let terminated = end < body.endIndex
            if line.isEmpty {
                if terminated { emptyLinesPending += 1 }
            } else {
                for _ in 0..<emptyLinesPending { output.append(contentsOf: [cr, lf]) }
                emptyLinesPending = 0
                output.append(contentsOf: line)
                output.append(contentsOf: [cr, lf])
            }
            index = terminated ? end + 1 : end
        }
        return output
    }

    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")
    private static let space = UInt8(ascii: " ")

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == space || byte == UInt8(ascii: "\t") }
}
