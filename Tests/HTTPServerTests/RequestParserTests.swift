import TestSupport
import Testing
@testable import HTTPServer

/// The parser is a pure function over bytes: each rule of README "API" is checked without a socket.
@Suite struct RequestParserTests {
    let parser = RequestParser()

    private func parse(_ text: String, limits: RequestLimits = RequestLimits()) -> RequestParser.RequestResult {
        RequestParser(limits: limits).parseRequest(Array(text.utf8))
    }

    private func failure(_ text: String, limits: RequestLimits = RequestLimits()) -> RequestParseError? {
        if case .failure(let error) = parse(text, limits: limits) { return error }
        return nil
    }

    private func complete(_ text: String) -> (ServerRequest, Int)? {
        if case .request(let request, let length) = parse(text) { return (request, length) }
        return nil
    }

    @Test func parsesASimpleGet() throws {
        let (request, length) = try #require(complete("GET /v1/templates?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n"))
        #expect(request.method == .get)
        #expect(request.version == .http11)
        #expect(request.pathSegments == ["v1", "templates"])
        #expect(request.queryValue("x") == "1")
        #expect(request.headers["accept"] == "*/*")
        #expect(request.body.isEmpty)
        #expect(length == 56)
    }

    @Test func parsesABodyAndLeavesThePipelinedRest() throws {
        let first = "POST /v1/messages HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        let (request, length) = try #require(complete(first + "GET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(String(decoding: request.body, as: UTF8.self) == "hello")
        #expect(length == first.utf8.count)
    }

    @Test func waitsForMoreBytes() {
        for partial in ["", "GET", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: a\r\n", "GET / HTTP/1.1\r\nHost: a\r\n\r",
                        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc"] {
            guard case .incomplete = parse(partial) else {
                Issue.record("expected incomplete for \(partial.debugDescription)")
                continue
            }
        }
    }

    @Test func rejectsUnsupportedVersionsWith505() {
        #expect(failure("GET / HTTP/2.0\r\nHost: a\r\n\r\n")?.status == .httpVersionNotSupported)
        #expect(failure("GET / HTTP/0.9\r\n\r\n")?.status == .httpVersionNotSupported)
        #expect(failure("GET / HTTP/1.2\r\nHost: a\r\n\r\n")?.status == .httpVersionNotSupported)
    }

    @Test func rejectsMalformedVersionsWith400() {
        #expect(failure("GET / HTTP/1.1x\r\nHost: a\r\n\r\n")?.status == .badRequest)
        #expect(failure("GET / FTP/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
        #expect(failure("GET / http/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
    }

    @Test func acceptsHTTP10WithoutHost() throws {
        let (request, _) = try #require(complete("GET / HTTP/1.0\r\n\r\n"))
        #expect(request.version == .http10)
        #expect(!request.wantsKeepAlive)
    }

    @Test func requiresExactlyOneHostFor11() {
        #expect(failure("GET / HTTP/1.1\r\n\r\n") == .missingHost)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n") == .repeatedHost)
        #expect(failure("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n") == .repeatedHost)
        #expect(failure("GET / HTTP/1.1\r\n\r\n")?.status == .badRequest)
    }

    @Test func unknownMethodsAre501AndInvalidOnes400() {
        #expect(failure("BREW / HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .notImplemented)
        #expect(failure(String(repeating: "X", count: 5000) + " / HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .notImplemented)
        #expect(failure("G(T / HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
        #expect(failure("get / HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .notImplemented)
    }

    @Test func malformedRequestLinesAre400() {
        for line in ["GET  / HTTP/1.1", "GET /", "GET / HTTP/1.1 extra", " GET / HTTP/1.1", "GET foo HTTP/1.1",
                     "GET /a\u{7}b HTTP/1.1", "GET /\u{7F} HTTP/1.1", "\u{1}"] {
            #expect(failure(line + "\r\nHost: a\r\n\r\n")?.status == .badRequest, "\(line.debugDescription)")
        }
    }

    @Test func rejectsBadLineEndingsAndNulAt400() {
        #expect(failure("GET / HTTP/1.1\nHost: a\n\n")?.status == .badRequest)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n")?.status == .badRequest)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\rX: y\r\n\r\n")?.status == .badRequest)
        #expect(failure("GET /\0 HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
        #expect(failure("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n")?.status == .badRequest)
    }

    @Test func rejectsBadlyFormedHeadersWith400() {
        for header in ["NoColon", ": empty-name", "Bad Name: x", "Name : x", "X-\u{1}: y", "X: a\u{1}b", " folded: x", "\tfolded"] {
            #expect(failure("GET / HTTP/1.1\r\nHost: a\r\n\(header)\r\n\r\n")?.status == .badRequest, "\(header.debugDescription)")
        }
    }

    @Test func trimsHeaderValuesAndKeepsObsText() throws {
        let (request, _) = try #require(complete("GET / HTTP/1.1\r\nHost: a\r\nX-Name: \t Zoë  \r\n\r\n"))
        #expect(request.headers["x-name"] == "Zoë")
    }

    @Test func headOver16KiBIs431() {
        let big = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "a", count: 17 * 1024) + "\r\n\r\n"
        #expect(failure(big)?.status == .requestHeaderFieldsTooLarge)
        let unfinished = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "a", count: 17 * 1024)
        #expect(failure(unfinished)?.status == .requestHeaderFieldsTooLarge)
        let longTarget = "GET /" + String(repeating: "a", count: 17 * 1024) + " HTTP/1.1\r\nHost: a\r\n\r\n"
        #expect(failure(longTarget)?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func blankLinesBeforeTheRequestCountAgainstTheHeadLimit() {
        #expect(complete("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") != nil, "a few are skipped")
        let flood = String(repeating: "\r\n", count: 9 * 1024)
        #expect(failure(flood)?.status == .requestHeaderFieldsTooLarge)
        #expect(failure(flood + "GET / HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .requestHeaderFieldsTooLarge)
    }

    @Test func moreThan100HeadersIs431() {
        let fields = (0..<100).map { "X-\($0): v\r\n" }.joined()
        #expect(failure("GET / HTTP/1.1\r\nHost: a\r\n\(fields)\r\n") == .tooManyHeaders(limit: 100))
        let fewer = (0..<99).map { "X-\($0): v\r\n" }.joined()
        #expect(complete("GET / HTTP/1.1\r\nHost: a\r\n\(fewer)\r\n") != nil)
    }

    @Test func framingErrorsAre400() {
        let cases = [
            "Content-Length: 5\r\nContent-Length: 5",
            "Content-Length: 5\r\nContent-Length: 6",
            "Content-Length: 5, 5",
            "Content-Length: -1",
            "Content-Length: +5",
            "Content-Length: 0x10",
            "Content-Length: ",
            "Content-Length: 99999999999999999999999",
            "Transfer-Encoding: chunked\r\nContent-Length: 5",
        ]
        for headers in cases {
            #expect(failure("POST / HTTP/1.1\r\nHost: a\r\n\(headers)\r\n\r\nhello")?.status == .badRequest, "\(headers.debugDescription)")
        }
    }

    @Test func chunkedIs411AndOtherCodings501() {
        #expect(failure("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")?.status == .lengthRequired)
        #expect(failure("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")?.status == .lengthRequired)
        #expect(failure("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n")?.status == .notImplemented)
    }

    @Test func bodyOverTheLimitIs413BeforeItArrives() {
        let limits = RequestLimits(maxBodyBytes: 10)
        #expect(failure("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n", limits: limits) == .bodyTooLarge(limit: 10))
        #expect(failure("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n")?.status == .contentTooLarge)
    }

    @Test func expectContinueIsRecognisedAndOthers417() throws {
        guard case .head(let head, _) = parser.parseHead(Array("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n".utf8)) else {
            Issue.record("expected a head")
            return
        }
        #expect(head.expectsContinue)
        #expect(failure("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: teapot\r\n\r\nabc")?.status == .expectationFailed)
    }

    @Test func decodesPercentEscapesPerSegment() throws {
        let (request, _) = try #require(complete("GET /previews/a%20b/%C3%A9t%C3%A9/x%2Fy?q=a+b%26c&flag HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(request.pathSegments == ["previews", "a b", "été", "x/y"])
        #expect(request.queryValue("q") == "a b&c")
        #expect(request.queryValue("flag") == "")
        #expect(failure("GET /a%2 HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
        #expect(failure("GET /a%zz HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
        #expect(failure("GET /%FF HTTP/1.1\r\nHost: a\r\n\r\n")?.status == .badRequest)
    }

    /// The target is split on bytes: the path ends at `?` (or a `#` before it), the query at `#`;
    /// empty segments and pairs are dropped, raw UTF-8 stays whole, and `rawPath` is the path as sent.
    @Test func splitsTheTargetIntoPathQueryAndFragment() throws {
        let (request, _) = try #require(complete("GET //a//b%2F/é/?&x=1&&=v&y=a=b#frag?z=2 HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(request.pathSegments == ["a", "b/", "é"])
        #expect(request.query.map { "\($0.name)=\($0.value)" } == ["x=1", "=v", "y=a=b"])
        #expect(request.rawPath == "//a//b%2F/é/")
        let (fragmentFirst, _) = try #require(complete("GET /p#f?q=1 HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(fragmentFirst.pathSegments == ["p"])
        #expect(fragmentFirst.queryValue("q") == "1")
        let (root, _) = try #require(complete("GET /?plus=a+b HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(root.pathSegments.isEmpty)
        #expect(root.queryValue("plus") == "a b")
        #expect(root.path == "/")
    }

    @Test func keepAliveFollowsVersionAndConnectionHeader() throws {
        #expect(try #require(complete("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).0.wantsKeepAlive)
        #expect(try !#require(complete("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n")).0.wantsKeepAlive)
        #expect(try #require(complete("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")).0.wantsKeepAlive)
    }

    @Test func skipsEmptyLinesBeforeTheRequestLine() throws {
        let (request, length) = try #require(complete("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"))
        #expect(request.method == .get)
        #expect(length == 31)
    }

    /// Random and mutated inputs never crash the parser, and a result's length never exceeds the input.
    @Test func survivesMutatedAndRandomInput() {
        var generator = SplitMix64(seed: 42)
        let seeds = [
            "POST /v1/messages?x=%41 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\nabc",
            "GET /previews/a/b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        ].map { Array($0.utf8) }
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...6, using: &generator) {
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(UInt8.random(in: 0...255, using: &generator), at: position)
                default: bytes.insert(contentsOf: [.cr, .lf], at: position)
                }
                if bytes.isEmpty { bytes = [0] }
            }
            if case .request(_, let length) = parser.parseRequest(bytes) {
                #expect(length <= bytes.count)
            }
        }
    }
}
