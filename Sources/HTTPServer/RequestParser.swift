/// The HTTP/1.1 request parser: a pure function over bytes, with no I/O and no state, so it
/// can be unit-tested and fuzzed on its own (the socket loop only feeds it what it has read).
///
/// Strict by design: lines end in CRLF, header names are tokens, no obsolete line folding, no
/// NUL or control bytes. Anything else is an error the server answers and then closes on.
package struct RequestParser: Sendable {
    package var limits: RequestLimits

    package init(limits: RequestLimits = RequestLimits()) {
        self.limits = limits
    }

    /// The outcome of looking at the start of a connection's buffer.
    package enum HeadResult: Sendable {
        /// More bytes are needed; nothing wrong so far.
        case incomplete
        /// A complete, valid head occupying the first `length` bytes; the body follows.
        case head(RequestHead, length: Int)
        case failure(RequestParseError)
    }

    /// The outcome of parsing a whole request (head and body).
    package enum RequestResult: Sendable {
        case incomplete
        /// A complete request occupying the first `length` bytes of the buffer.
        case request(ServerRequest, length: Int)
        case failure(RequestParseError)
    }

    /// Parses a whole request at the start of `bytes`; the bytes after it belong to the next
    /// (pipelined) request.
    package func parseRequest(_ bytes: some Collection<UInt8>) -> RequestResult {
        let buffer = Array(bytes)
        switch parseHead(buffer) {
        case .incomplete: return .incomplete
        case .failure(let error): return .failure(error)
        case .head(let head, let headLength):
            let (total, overflow) = headLength.addingReportingOverflow(head.contentLength)
            guard !overflow else { return .failure(.bodyTooLarge(limit: limits.maxBodyBytes)) }
            guard buffer.count >= total else { return .incomplete }
            return .request(head.request(body: Array(buffer[headLength..<total])), length: total)
        }
    }

    /// Parses the request line and headers at the start of `bytes` and decides the framing.
    package func parseHead(_ bytes: [UInt8]) -> HeadResult {
        bytes.withUnsafeBufferPointer { parseHead($0) }
    }

    package func parseHead(_ bytes: UnsafeBufferPointer<UInt8>) -> HeadResult {
        var start = 0
        // RFC 9112 §2.2: ignore empty lines before the request line (left over after a body). They
        // count against the head limit, so a client streaming blank lines gets a 431, not a buffer
        // that grows and is re-scanned on every read.
        let scanLimit = min(bytes.count, limits.maxHeadBytes)
        while start + 1 < scanLimit, bytes[start] == .cr, bytes[start + 1] == .lf { start += 2 }

        var requestLine: RequestLine?
        var lines: [Range<Int>] = []
        var lineStart = start
        var index = start
        var headEnd: Int?
        while index < scanLimit {
            let byte = bytes[index]
            if byte == .lf {
                guard index > lineStart, bytes[index - 1] == .cr else {
                    return .failure(lines.isEmpty ? .malformedRequestLine("line not ended by CRLF") : .malformedHeader("line not ended by CRLF"))
                }
                let line = lineStart..<(index - 1)
                if line.isEmpty {
                    headEnd = index + 1
                    break
                }
                if lines.isEmpty {
                    switch parseRequestLine(bytes, line) {
                    case .success(let parsed): requestLine = parsed
                    case .failure(let error): return .failure(error)
                    }
                }
                lines.append(line)
                if lines.count - 1 > limits.maxHeaderCount { return .failure(.tooManyHeaders(limit: limits.maxHeaderCount)) }
                lineStart = index + 1
            } else if byte == 0 {
                return .failure(lines.isEmpty ? .malformedRequestLine("NUL byte") : .malformedHeader("NUL byte"))
            } else if byte == .cr, index + 1 < bytes.count, bytes[index + 1] != .lf {
                return .failure(lines.isEmpty ? .malformedRequestLine("bare CR") : .malformedHeader("bare CR"))
            }
            index += 1
        }
        guard let headEnd else {
            return scanLimit >= limits.maxHeadBytes ? .failure(.headTooLarge(limit: limits.maxHeadBytes)) : .incomplete
        }
        guard let requestLine else { return .failure(.malformedRequestLine("empty request line")) }
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            switch parseHeaderLine(bytes, line) {
            case .success(let field): headers.add(field.name, field.value)
            case .failure(let error): return .failure(error)
            }
        }
        switch frame(requestLine, headers) {
        case .success(let head): return .head(head, length: headEnd)
        case .failure(let error): return .failure(error)
        }
    }

    private struct RequestLine {
        var method: HTTPMethod
        var target: String
        var version: HTTPVersion
    }

    private func parseRequestLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Result<RequestLine, RequestParseError> {
        let parts = bytes[line].split(separator: .space, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty, !parts[2].isEmpty else {
            return .failure(.malformedRequestLine("expected METHOD SP TARGET SP VERSION"))
        }
        guard parts[0].allSatisfy(\.isTokenCharacter) else {
            return .failure(.malformedRequestLine("method is not a token"))
        }
        guard parts[1].allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            return .failure(.malformedRequestLine("control character or space in target"))
        }
        let versionBytes = parts[2]
        let start = versionBytes.startIndex
        guard versionBytes.count == 8, versionBytes.starts(with: "HTTP/".utf8),
              versionBytes[start + 5].isDigit, versionBytes[start + 6] == UInt8(ascii: "."), versionBytes[start + 7].isDigit else {
            return .failure(.malformedRequestLine("version is not HTTP/x.y"))
        }
        let versionText = String(decoding: versionBytes, as: UTF8.self)
        guard let version = HTTPVersion(rawValue: versionText) else {
            return .failure(.unsupportedVersion(versionText))
        }
        let methodText = String(decoding: parts[0], as: UTF8.self)
        guard let method = HTTPMethod(rawValue: methodText) else {
            return .failure(.unknownMethod(methodText))
        }
        guard parts[1].first == UInt8(ascii: "/") else {
            return .failure(.invalidTarget("target must start with /"))
        }
        return .success(RequestLine(method: method, target: String(decoding: parts[1], as: UTF8.self), version: version))
    }

    private func parseHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Result<(name: String, value: String), RequestParseError> {
        let first = bytes[line.lowerBound]
        if first == .space || first == .tab {
            return .failure(.malformedHeader("obsolete line folding"))
        }
        guard let colon = bytes[line].firstIndex(of: UInt8(ascii: ":")) else {
            return .failure(.malformedHeader("no colon"))
        }
        let name = bytes[line.lowerBound..<colon]
        guard !name.isEmpty, name.allSatisfy(\.isTokenCharacter) else {
            return .failure(.malformedHeader("field name is not a token"))
        }
        var value = bytes[(colon + 1)..<line.upperBound]
        while let byte = value.first, byte == .space || byte == .tab { value = value.dropFirst() }
        while let byte = value.last, byte == .space || byte == .tab { value = value.dropLast() }
        guard value.allSatisfy({ $0 == .tab || ($0 >= 0x20 && $0 != 0x7F) }) else {
            return .failure(.malformedHeader("control character in field value"))
        }
        return .success((String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self)))
    }

    /// Applies the framing rules of README "API": Host, Content-Length, Transfer-Encoding, Expect.
    private func frame(_ line: RequestLine, _ headers: HTTPHeaders) -> Result<RequestHead, RequestParseError> {
        let hosts = headers.values("Host")
        if hosts.count > 1 { return .failure(.repeatedHost) }
        if hosts.isEmpty && line.version == .http11 { return .failure(.missingHost) }

        let lengths = headers.values("Content-Length")
        let codings = headers.values("Transfer-Encoding")
        if !codings.isEmpty && !lengths.isEmpty { return .failure(.transferEncodingWithContentLength) }
        if let last = codings.last {
            let finalCoding = last.split(separator: ",").last.map { $0.trimmingSpaces().lowercased() } ?? ""
            return .failure(finalCoding == "chunked" ? .chunkedNotSupported : .unsupportedTransferEncoding(last))
        }
        if lengths.count > 1 { return .failure(.repeatedContentLength) }
        var contentLength = 0
        if let text = lengths.first {
            guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(\.isDigit), let value = Int(text) else {
                return .failure(.invalidContentLength(text))
            }
            contentLength = value
        }
        if contentLength > limits.maxBodyBytes { return .failure(.bodyTooLarge(limit: limits.maxBodyBytes)) }

        var expectsContinue = false
        if let expectation = headers["Expect"], line.version == .http11 {
            guard expectation.lowercased() == "100-continue" else { return .failure(.unsupportedExpectation(expectation)) }
            expectsContinue = contentLength > 0
        }

        let split: (segments: [String], query: [(name: String, value: String)])
        do {
            split = try PercentDecoding.splitTarget(line.target)
        } catch {
            return .failure(error)
        }
        return .success(RequestHead(
            method: line.method, target: line.target, version: line.version, headers: headers,
            contentLength: contentLength, expectsContinue: expectsContinue,
            pathSegments: split.segments, query: split.query))
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")

    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }

    /// RFC 9110 `tchar`.
    var isTokenCharacter: Bool {
        switch self {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
             UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
