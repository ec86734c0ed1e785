import Delivery
import Foundation
import HeraldLogging
import HTTPServer
import Messages

/// `POST /v1/messages`, `GET /v1/messages/{id}`, `DELETE /v1/messages/{id}`.
struct MessageRoutes: Sendable {
    /// `Retry-After` of a `503 spool_full`: long enough for the worker to deliver a batch.
    static let retryAfterFullSpool = 30

    let submission: MessageSubmission
    let logger: HeraldLog

    private var spool: Spool { submission.spool }

    func register(on router: inout RouteTable) {
        router.add(.post, "/v1/messages") { request, context in respond(&context) { context throws(APIError) in try send(request, &context) } }
        router.add(.get, "/v1/messages/{id}") { _, context in respond(&context) { context throws(APIError) in try status(&context) } }
        router.add(.delete, "/v1/messages/{id}") { _, context in respond(&context) { context throws(APIError) in try cancel(&context) } }
    }

    /// Submits the body through the one submission pipeline and presents its result over HTTP:
    /// `202` only once the message is on disk.
    private func send(_ request: ServerRequest, _ context: inout RequestContext) throws(APIError) -> ServerResponse {
        switch submission.submit(try SendRequest.body(of: request)) {
        case .created(let status, _), .replaced(let status, _, _):
            return accepted(.accepted, status, context: &context)
        case .replayed(let status):
            return accepted(.ok, status, context: &context)
        case .conflict(let existing):
            var error = APIError(.conflict, code: "key_conflict",
                                 message: "key \"\(existing.key ?? "")\" was used for a different request whose message is already \(existing.status.rawValue)")
            error.existingID = existing.id
            throw error
        case .rejected(let error):
            throw APIError.catalog(error, logger: logger)
        case .spoolFailed(let error, let step):
            throw spoolFailure(error, step)
        }
    }

    /// `{"id","status"}` with the message's location; the id goes to the request's log line.
    private func accepted(_ httpStatus: HTTPStatus, _ status: MessageStatus, context: inout RequestContext) -> ServerResponse {
        var response = JSONResponse.raw(httpStatus, "{\"id\":\(JSONText.quoted(status.id)),\"status\":\(JSONText.quoted(status.status.rawValue))}")
        response.headers.add("Location", "/v1/messages/\(status.id)")
        context.messageID = status.id
        return response
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

    private func status(_ context: inout RequestContext) throws(APIError) -> ServerResponse {
        let id = try context.parameter("id")
        let found = try onSpool(id, failure: "status_failed", unavailable: "the spool could not be read; retry later", spool.status)
        guard let found else { throw APIError.notFound("no message with id \(id)") }
        context.messageID = found.id
        return JSONResponse.raw(.ok, found.json())
    }

    private func cancel(_ context: inout RequestContext) throws(APIError) -> ServerResponse {
        let id = try context.parameter("id")
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
