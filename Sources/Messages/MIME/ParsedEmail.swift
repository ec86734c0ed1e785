/// Reads back a message Herald composed: headers (unfolded, encoded-words decoded) and the decoded
/// parts of a `multipart/alternative` body. Tests and `HeraldTesting` use it to check what was sent.
package struct ParsedEmail: Sendable, Hashable {
    package struct Part: Sendable, Hashable {
        package var headers: [(name: String, value: String)]
        package var body: String

        package func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        package static func == (lhs: Part, rhs: Part) -> Bool {
            lhs.body == rhs.body && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
        }

        package func hash(into hasher: inout Hasher) { hasher.combine(body) }
    }

    /// Raw (still encoded, unfolded) header values in order.
    package var headers: [(name: String, value: String)]
    /// Parts of the multipart body, bodies decoded from quoted-printable.
    package var parts: [Part]

    package init(parsing eml: String) throws(ParseError) {
        guard let split = eml.range(of: "\r\n\r\n") else { throw .noHeaderEnd }
        headers = Self.parseHeaders(String(eml[..<split.lowerBound]))
        let body = String(eml[split.upperBound...])
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value ?? ""
        guard let boundaryStart = contentType.range(of: "boundary=\"") else { throw .noBoundary }
        let boundary = String(contentType[boundaryStart.upperBound...].prefix { $0 != "\"" })
        var parts: [Part] = []
        let sections = body.components(separatedBy: "--\(boundary)")
        guard sections.count >= 3, sections.last?.hasPrefix("--") == true else { throw .unterminatedMultipart }
        for section in sections.dropFirst().dropLast() {
            let content = section.hasPrefix("\r\n") ? String(section.dropFirst()) : section
            guard let headerEnd = content.range(of: "\r\n\r\n") else { throw .noHeaderEnd }
            let partHeaders = Self.parseHeaders(String(content[..<headerEnd.lowerBound]))
            var raw = String(content[headerEnd.upperBound...])
            if raw.hasSuffix("\r\n") { raw.removeLast() }
            let encoding = partHeaders.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased()
            parts.append(Part(headers: partHeaders, body: encoding == "quoted-printable" ? QuotedPrintable.decode(raw) : raw))
        }
        self.parts = parts
    }

    /// The top-level headers alone (raw, unfolded, in order), without reading the body: what a page
    /// that shows a message's headers needs, at the cost of its header block only. Empty when there is
    /// no blank line after the headers.
    package static func headers(of eml: String) -> [(name: String, value: String)] {
        let bytes = eml.utf8
        var matched = 0
        var index = bytes.startIndex
        let separator: [UInt8] = [13, 10, 13, 10]
        while index != bytes.endIndex {
            matched = bytes[index] == separator[matched] ? matched + 1 : (bytes[index] == separator[0] ? 1 : 0)
            index = bytes.index(after: index)
            if matched == separator.count {
                return parseHeaders(String(decoding: bytes[bytes.startIndex..<bytes.index(index, offsetBy: -separator.count)], as: UTF8.self))
            }
        }
        return []
    }

    /// A header's value with encoded-words decoded (`Subject`, `To`, …).
    package func decodedHeader(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }.map { EncodedWord.decodeHeaderValue($0.value) }
    }

    private static func parseHeaders(_ block: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for line in block.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !result.isEmpty {
                result[result.count - 1].value += "\r\n" + line
            } else if let colon = line.firstIndex(of: ":") {
                result.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
            }
        }
        return result
    }

    package static func == (lhs: ParsedEmail, rhs: ParsedEmail) -> Bool {
        lhs.parts == rhs.parts && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }

    package func hash(into hasher: inout Hasher) { hasher.combine(parts) }

    package enum ParseError: Error, Sendable, CustomStringConvertible {
        case noHeaderEnd, noBoundary, unterminatedMultipart

        package var description: String {
            switch self {
            case .noHeaderEnd: "no blank line after the headers"
            case .noBoundary: "Content-Type has no boundary"
            case .unterminatedMultipart: "the multipart body is not closed by its final boundary"
            }
        }
    }
}
