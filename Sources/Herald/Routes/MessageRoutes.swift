import Delivery
import Foundation
import HeraldLogging
import HTTPServer
import Messages

/// `POST /v1/messages`, `POST /v1/messages/batch`, `GET /v1/messages` (search), `GET /v1/messages/{id}` (with its
/// timeline) and its `/eml`,
/// `POST /v1/messages/{id}/retry`, `DELETE /v1/messages/{id}` and `DELETE /v1/messages?key=`.
struct MessageRoutes: Sendable {
    /// `Retry-After` of a `503 spool_full`: long enough for the worker to deliver a batch.
    static let retryAfterFullSpool = 30

    let submission: MessageSubmission
    let logger: HeraldLog

    private var spool: Spool { submission.spool }

    /// The most send requests one `POST /v1/messages/batch` takes: one group commit stores them all.
    static let batchLimit = 500

    func register(on router: inout RouteTable) {
        router.add(.post, "/v1/messages") { request, context in respond(&context) { context throws(APIError) in try send(request, &context) } }
        router.add(.post, "/v1/messages/batch") { request, context in respond(&context) { _ throws(APIError) in try sendBatch(request) } }
        router.add(.get, "/v1/messages") { request, context in respond(&context) { _ throws(APIError) in try search(request) } }
        router.add(.delete, "/v1/messages") { request, context in respond(&context) { context throws(APIError) in try cancel(key: request, &context) } }
        router.add(.get, "/v1/messages/{id}") { _, context in respond(&context) { context throws(APIError) in try status(&context) } }
        router.add(.delete, "/v1/messages/{id}") { _, context in respond(&context) { context throws(APIError) in try cancel(&context) } }
        router.add(.get, "/v1/messages/{id}/eml") { _, context in respond(&context) { context throws(APIError) in try eml(&context) } }
        router.add(.post, "/v1/messages/{id}/retry") { _, context in respond(&context) { context throws(APIError) in try retry(&context) } }
    }

    /// Submits the body through the one submission pipeline and presents its result over HTTP:
    /// `202` only once the message is on disk.
    private func send(_ request: ServerRequest, _ context: inout RequestContext) throws(APIError) -> ServerResponse {
        let (httpStatus, status) = try answer(submission.submit(try SendRequest.body(of: request))).get()
        var response = JSONResponse.raw(httpStatus, Self.acceptedBody(status))
        response.headers.add("Location", "/v1/messages/\(status.id)")
        context.messageID = status.id
        return response
    }

    /// `{"messages":[send request, …]}`, 1 to `batchLimit` of them, each submitted as `POST /v1/messages`
    /// submits one and all stored together: `207` with `{"results":[{"status","body"}, …]}` in request
    /// order, each the status and body `POST /v1/messages` would have answered for that request.
    /// Only a body that is not such a list is refused as a whole.
    private func sendBatch(_ request: ServerRequest) throws(APIError) -> ServerResponse {
        guard case .object(let members) = try SendRequest.body(of: request) else { throw APIError(.badRequest, code: "invalid_request", message: "the body must be a JSON object") }
        var problems = FieldProblems()
        for name in members.keys.sorted() where name != "messages" {
            problems.append(FieldProblem(path: FieldPath(name), problem: "is not a field of a batch"))
        }
        let items: [JSONValue]
        switch members["messages"] {
        case .array(let list)? where (1...Self.batchLimit).contains(list.count):
            items = list
        case .array(let list)?:
            items = []
            problems.append(FieldProblem(path: FieldPath("messages"), problem: "must hold 1 to \(Self.batchLimit) send requests, got \(list.count)"))
        case nil:
            items = []
            problems.append(FieldProblem(path: FieldPath("messages"), problem: "is required: a list of send requests"))
        case let other?:
            items = []
            problems.append(FieldProblem(path: FieldPath("messages"), problem: "expected a list of send requests, got \(other.typeName)"))
        }
        guard problems.isEmpty else { throw APIError.fields(problems) }
        var answers = [Result<(HTTPStatus, MessageStatus), APIError>?](repeating: nil, count: items.count)
        var objects: [(index: Int, json: JSONValue)] = []
        for (index, item) in items.enumerated() {
            if case .object = item {
                objects.append((index, item))
            } else {
                answers[index] = .failure(APIError(.badRequest, code: "invalid_request", message: "a send request must be a JSON object, got \(item.typeName)"))
            }
        }
        for (object, result) in zip(objects, submission.submit(batch: objects.map(\.json))) { answers[object.index] = answer(result) }
        let bodies = answers.map { answer in
            switch answer ?? .failure(APIError(.internalServerError, code: "internal", message: "the request was not submitted")) {
            case .success(let (httpStatus, status)): "{\"status\":\(httpStatus.code),\"body\":\(Self.acceptedBody(status))}"
            case .failure(let error): "{\"status\":\(error.status.code),\"body\":\(error.json)}"
            }
        }
        return JSONResponse.raw(.multiStatus, "{\"results\":[" + bodies.joined(separator: ",") + "]}")
    }

    /// What `POST /v1/messages` answers for a submission: the HTTP status and message of an accepted
    /// one (`202`, or `200` for a replay), else the error.
    private func answer(_ result: SubmissionResult) -> Result<(HTTPStatus, MessageStatus), APIError> {
        switch result {
        case .created(let status, _), .replaced(let status, _, _):
            return .success((.accepted, status))
        case .replayed(let status):
            return .success((.ok, status))
        case .conflict(let existing):
            var error = APIError(.conflict, code: "key_conflict",
                                 message: "key \"\(existing.key ?? "")\" was used for a different request whose message is already \(existing.status.rawValue)")
            error.existingID = existing.id
            return .failure(error)
        case .rejected(let error):
            return .failure(APIError.catalog(error, logger: logger))
        case .spoolFailed(let error, let step):
            return .failure(spoolFailure(error, step))
        }
    }

    /// `{"id","status"}` of an accepted message.
    private static func acceptedBody(_ status: MessageStatus) -> String {
        "{\"id\":\(JSONText.quoted(status.id)),\"status\":\(JSONText.quoted(status.status.rawValue))}"
    }

    /// A spool call on the message `id`: an id the spool cannot hold is a 404; any other failure is
    /// logged as `failure` and answered `503 spool_unavailable` with the `unavailable` message.
    private func onSpool<Result>(
        _ id: String, failure: String, unavailable: String, _ call: (String) throws(SpoolError) -> Result
    ) throws(APIError) -> Result {
        do {
            return try call(id)
        } catch {
            if case .invalidID = error { throw APIError.notFound("no message with id \(id)") }
            logger.error(failure, ["error": .string(error.description)])
            throw APIError(.serviceUnavailable, code: "spool_unavailable", message: unavailable)
        }
    }

    /// `503`s: a full spool passes with time (`Retry-After`); a spool that cannot be read or written is logged.
    private func spoolFailure(_ error: SpoolError, _ step: SubmissionResult.SpoolStep) -> APIError {
        if case .full(let capacity) = error {
            logger.warning("spool_full", ["capacity": .int(capacity)])
            var full = APIError(.serviceUnavailable, code: "spool_full",
                                message: "the spool holds its capacity of \(capacity) unfinished messages; retry later")
            full.retryAfter = Self.retryAfterFullSpool
            return full
        }
        switch step {
        case .replay:
            logger.error("status_failed", ["error": .string(error.description)])
            return APIError(.serviceUnavailable, code: "spool_unavailable", message: "the spool could not be read; retry later")
        case .enqueue:
            logger.error("enqueue_failed", ["error": .string(error.description)])
            return APIError(.serviceUnavailable, code: "spool_unavailable", message: "the message could not be stored; retry later")
        }
    }

    /// `GET /v1/messages?status=&message=&to=&key=&keyPrefix=&createdAfter=&createdBefore=&limit=&cursor=`:
    /// a page of the matching messages, newest first, and the cursor of the next one.
    private func search(_ request: ServerRequest) throws(APIError) -> ServerResponse {
        let query = try MessageQuery.parsing(request)
        let page = try onSpool("", failure: "search_failed", unavailable: "the spool could not be read; retry later") { _ throws(SpoolError) in
            try spool.messages(matching: query)
        }
        return JSONResponse.raw(.ok, page.json)
    }

    /// The message's status with its timeline: `"events"`, oldest first.
    private func status(_ context: inout RequestContext) throws(APIError) -> ServerResponse {
        let found = try record(id: try context.parameter("id"))
        context.messageID = found.id
        let events = try onSpool(found.id, failure: "status_failed", unavailable: "the spool could not be read; retry later", spool.events(messageID:))
        let status = found.status.json()
        return JSONResponse.raw(.ok, status.dropLast() + ",\"events\":[" + events.map(\.json).joined(separator: ",") + "]}")
    }

    /// The message exactly as composed and handed to the transport (the outbox's `eml`), as
    /// `message/rfc822`: what to attach to a support ticket or open in a mail client.
    private func eml(_ context: inout RequestContext) throws(APIError) -> ServerResponse {
        let found = try record(id: try context.parameter("id"))
        context.messageID = found.id
        var response = ServerResponse(status: .ok, contentType: "message/rfc822", body: found.message.eml)
        response.headers.add("Content-Disposition", "attachment; filename=\"\(found.id).eml\"")
        return response
    }

    /// `POST /v1/messages/{id}/retry`: a `failed` or `unknown` message queued again for a new attempt of
    /// the same message (same id, same `Message-ID`); `409 not_retryable` from any other state.
    private func retry(_ context: inout RequestContext) throws(APIError) -> ServerResponse {
        let id = try context.parameter("id")
        switch try onSpool(id, failure: "retry_failed", unavailable: "the spool could not be updated; retry later", spool.retry) {
        case .retried(let status):
            context.messageID = status.id
            return JSONResponse.raw(.accepted, status.json())
        case .conflict(let status):
            var error = APIError(.conflict, code: "not_retryable",
                                 message: "message \(id) is \(status.status.rawValue); only a failed or unknown message can be retried")
            error.existingID = status.id
            throw error
        case .notFound:
            throw APIError.notFound("no message with id \(id)")
        }
    }

    /// The spool's record of a message, or `404`.
    private func record(id: String) throws(APIError) -> SpoolRecord {
        let found = try onSpool(id, failure: "status_failed", unavailable: "the spool could not be read; retry later", spool.record(id:))
        guard let found else { throw APIError.notFound("no message with id \(id)") }
        return found
    }

    private func cancel(_ context: inout RequestContext) throws(APIError) -> ServerResponse {
        try cancel(id: try context.parameter("id"), &context)
    }

    /// `DELETE /v1/messages?key=K`: cancels the message that holds the key (e.g. "invoice paid: cancel
    /// its pending check-in") without the caller keeping Herald's id; answers as `DELETE /v1/messages/{id}`.
    private func cancel(key request: ServerRequest, _ context: inout RequestContext) throws(APIError) -> ServerResponse {
        guard let key = request.queryValue("key"), !key.isEmpty else {
            throw APIError(.badRequest, code: "invalid_request", message: "1 field is invalid",
                           fields: [APIError.Field(path: "key", problem: "is required: the key of the message to cancel")])
        }
        let found = try onSpool(key, failure: "status_failed", unavailable: "the spool could not be read; retry later", spool.record(key:))
        guard let found else { throw APIError.notFound("no message with key \(JSONText.quoted(key))") }
        return try cancel(id: found.id, &context)
    }

    private func cancel(id: String, _ context: inout RequestContext) throws(APIError) -> ServerResponse {
        switch try onSpool(id, failure: "cancel_failed", unavailable: "the spool could not be updated; retry later", spool.cancel) {
        case .cancelled(let status):
            context.messageID = status.id
            return JSONResponse.raw(.ok, status.json())
        case .conflict(let status):
            var error = APIError(.conflict, code: "too_late", message: "message \(id) is already \(status.status.rawValue) and cannot be cancelled")
            error.existingID = status.id
            throw error
        case .notFound:
            throw APIError.notFound("no message with id \(id)")
        }
    }
}
