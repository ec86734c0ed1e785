import Testing
@testable import HTTPServer

@Suite struct RouterTests {
    private func request(_ method: HTTPMethod, _ target: String) throws -> ServerRequest {
        let text = "\(method.rawValue) \(target) HTTP/1.1\r\nHost: a\r\n\r\n"
        guard case .request(let request, _) = RequestParser().parseRequest(Array(text.utf8)) else {
            throw RouterTestError.unparsable(target)
        }
        return request
    }

    enum RouterTestError: Error { case unparsable(String) }

    /// Answers with what the handler saw, or with the typed error of a missing parameter.
    private static func echo(_ names: String..., prefix: String = "") -> RouteTable.Handler {
        { _, context in
            var values: [String] = []
            for name in names {
                do throws(PathParameters.MissingParameter) {
                    values.append(try context.parameters.require(name))
                } catch {
                    return .plain(.internalServerError, error.description)
                }
            }
            context.logMetadata["seen"] = values.joined(separator: ",")
            return .plain(.ok, prefix + values.joined(separator: "|"))
        }
    }

    private var router: RouteTable {
        var router = RouteTable()
        router.add(.get, "/v1/messages/{id}", Self.echo("id", prefix: "get "))
        router.add(.delete, "/v1/messages/{id}", Self.echo("id", prefix: "delete "))
        router.add(.get, "/previews/{message}/{locale}", Self.echo("message", "locale"))
        router.add(.get, "/broken/{id}", Self.echo("identifier"))
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

    @Test func aLiteralSegmentOwnsItsPathOverAPlaceholderWhicheverWasAddedFirst() throws {
        var router = RouteTable()
        router.add(.get, "/v1/messages/{id}", Self.echo("id", prefix: "get "))
        router.add(.delete, "/v1/messages/{id}", Self.echo("id", prefix: "delete "))
        router.add(.post, "/v1/messages/batch", Self.echo(prefix: "batch"))
        router.add(.get, "/v1/{collection}/batch", Self.echo("collection", prefix: "collection "))
        #expect(String(decoding: router.respond(to: try request(.post, "/v1/messages/batch")).body, as: UTF8.self) == "batch\n")
        let wrongMethod = router.respond(to: try request(.get, "/v1/messages/batch"))
        #expect(wrongMethod.status == .methodNotAllowed, "the batch path is not a message id")
        #expect(wrongMethod.headers["Allow"] == "POST")
        #expect(String(decoding: router.respond(to: try request(.get, "/v1/messages/msg-1")).body, as: UTF8.self) == "get msg-1\n")
        #expect(String(decoding: router.respond(to: try request(.get, "/v1/events/batch")).body, as: UTF8.self) == "collection events\n")
    }

    @Test func unknownAndEscapingPathsAre404() throws {
        #expect(router.respond(to: try request(.get, "/nope")).status == .notFound)
        #expect(router.respond(to: try request(.get, "/previews/../etc")).status == .notFound)
        #expect(router.respond(to: try request(.get, "/previews/%2E%2E/passwd")).status == .notFound)
        #expect(router.respond(to: try request(.get, "/previews/a%00/fr")).status == .notFound)
    }

    /// One match gives the pattern and parameters; running it gives the answer and the context
    /// the handler left, so a caller that wraps the router never matches twice.
    @Test func aMatchCarriesItsPatternAndParametersAndReturnsTheHandlersContext() throws {
        let match = try router.match(try request(.get, "/previews/all%2Dpaid/fr-CA")).get()
        #expect(match.pattern == "/previews/{message}/{locale}")
        #expect(match.parameters["message"] == "all-paid")
        #expect(match.parameters["locale"] == "fr-CA")
        let (response, context) = match.run(try request(.get, "/previews/all%2Dpaid/fr-CA"))
        #expect(response.status == .ok)
        #expect(context.route == "/previews/{message}/{locale}")
        #expect(context.parameters == match.parameters)
        #expect(context.logMetadata == ["seen": "all-paid,fr-CA"], "what the handler sets comes back")
    }

    /// A handler asking for a placeholder its pattern lacks gets a typed error naming both,
    /// not an empty string that would pass for a client's empty id.
    @Test func aMissingPathParameterIsATypedError() throws {
        let parameters = PathParameters(route: "/v1/messages/{id}", values: ["id": "abc"])
        #expect(try parameters.require("id") == "abc")
        #expect(throws: PathParameters.MissingParameter(name: "key", route: "/v1/messages/{id}")) { try parameters.require("key") }
        #expect(parameters["key"] == nil)
        let response = router.respond(to: try request(.get, "/broken/7"))
        #expect(response.status == .internalServerError)
        #expect(String(decoding: response.body, as: UTF8.self) == "route /broken/{id} has no path parameter {identifier}\n")
    }

    @Test func aMissSaysWhyAndIsAnsweredWithAllow() throws {
        let post = try request(.post, "/v1/messages/x")
        guard case .failure(let error) = router.match(post), case .methodNotAllowed(let allowed) = error.miss else {
            Issue.record("POST on a GET/DELETE route must be a 405 miss")
            return
        }
        #expect(allowed == [.get, .delete, .head])
        let answer = router.answer(post, error.miss)
        #expect(answer.status == .methodNotAllowed)
        #expect(answer.headers["Allow"] == "GET, DELETE, HEAD")
        guard case .failure(let unknown) = router.match(try request(.get, "/nope")), case .notFound = unknown.miss else {
            Issue.record("an unknown path must be a 404 miss")
            return
        }
    }

    /// The server asks the router where each request runs: the matched route's choice (the `GET`
    /// route's for `HEAD`), and a worker for a miss, whose handler is the application's.
    @Test func executionIsTheMatchedRoutesChoiceAndAWorkerForAMiss() throws {
        var router = self.router
        router.add(.get, "/healthz", runsOn: .eventLoop) { _, _ in .plain(.ok) }
        #expect(router.execution(for: try request(.get, "/healthz")) == .eventLoop)
        #expect(router.execution(for: try request(.head, "/healthz")) == .eventLoop)
        #expect(try router.match(try request(.get, "/healthz")).get().execution == .eventLoop)
        #expect(router.execution(for: try request(.get, "/v1/messages/x")) == .worker, "routes run on workers unless they say otherwise")
        #expect(router.execution(for: try request(.post, "/healthz")) == .worker)
        #expect(router.execution(for: try request(.get, "/nope")) == .worker)
    }
}
