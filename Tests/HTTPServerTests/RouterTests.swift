import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    private func request(_ method: HTTPMethod, _ target: String) throws -> HTTPRequest {
        let text = "\(method.rawValue) \(target) HTTP/1.1\r\nHost: a\r\n\r\n"
        guard case .request(let request, _) = RequestParser().parseRequest(Array(text.utf8)) else {
            throw RouterTestError.unparsable(target)
        }
        return request
    }

    enum RouterTestError: Error { case unparsable(String) }

    private var router: Router {
        var router = Router()
        router.add(.get, "/v1/messages/{id}") { .plain(.ok, "get \($0.pathParameters["id"] ?? "")") }
        router.add(.delete, "/v1/messages/{id}") { .plain(.ok, "delete \($0.pathParameters["id"] ?? "")") }
        router.add(.get, "/previews/{message}/{locale}") { .plain(.ok, "\($0.pathParameters["message"] ?? "")|\($0.pathParameters["locale"] ?? "")") }
        return router
    }

    @Test func bindsDecodedParameters() throws {
        let response = router.respond(to: try request(.get, "/previews/all%2Dpaid/fr-CA"))
        #expect(response.status == .ok)
        #expect(String(decoding: response.body, as: UTF8.self) == "all-paid|fr-CA\n")
        #expect(String(decoding: router.respond(to: try request(.delete, "/v1/messages/abc")).body, as: UTF8.self) == "delete abc\n")
    }

    @Test func headUsesTheGetRoute() throws {
        #expect(router.respond(to: try request(.head, "/v1/messages/x")).status == .ok)
    }

    @Test func wrongMethodIs405WithAllow() throws {
        let response = router.respond(to: try request(.post, "/v1/messages/x"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, DELETE, HEAD")
    }

    @Test func unknownAndEscapingPathsAre404() throws {
        #expect(router.respond(to: try request(.get, "/nope")).status == .notFound)
        #expect(router.respond(to: try request(.get, "/previews/../etc")).status == .notFound)
        #expect(router.respond(to: try request(.get, "/previews/%2E%2E/passwd")).status == .notFound)
        #expect(router.respond(to: try request(.get, "/previews/a%00/fr")).status == .notFound)
    }
}
