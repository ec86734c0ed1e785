import Delivery
import Foundation
import HeraldLogging
import HTTPServer
import Messages

/// `POST /v1/messages`, `GET /v1/messages/{id}`, `DELETE /v1/messages/{id}`.
struct MessageRoutes: Sendable {
    /// `Retry-After` of a `503 spool_full`: long enough for the worker to deliver a batch.
    static let retryAfterFullSpool = 30

    let composer: MessageComposer
    let spool: Spool
    let logger: HeraldLog

    func register(on router: inout Router) {
        router.add(.post, "/v1/messages") { request in respond { () throws(APIError) in try send(request) } }
        router.add(.get, "/v1/messages/{id}") { request in respond { () throws(APIError) in try status(request) } }
        router.add(.delete, "/v1/messages/{id}") { request in respond { () throws(APIError) in try cancel(request) } }
    }

    /// Validates, renders, composes and durably enqueues: `202` only once the message is on disk.
    private func send(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        let (sendRequest, envelopeProblems) = try SendRequest.parse(request)
        let now = Date()
        let fingerprint = RequestFingerprint.of(sendRequest)
        if let key = sendRequest.key, envelopeProblems.isEmpty, let first = try replay(key: key, fingerprint: fingerprint) {
            return accepted(.ok, id: first.id, status: first.status)
        }
        let id = MessageID.new()
        let sendAt = sendRequest.sendAt.map(\.date).flatMap { $0 > now ? $0 : nil }
        // A scheduled message is rendered as of its send time: "tomorrow" and the Date header are
        // about the day it goes out, not the day it was accepted.
        let result = try composer.compose(sendRequest, envelopeProblems: envelopeProblems, id: id, now: sendAt ?? now)
        let enqueued: EnqueueResult
        do {
            enqueued = try spool.enqueue(result.message, sendAt: sendAt, fingerprint: fingerprint)
        } catch {
            if case .full(let capacity) = error {
                logger.warning("spool_full", ["capacity": .int(capacity)])
                var full = APIError(.serviceUnavailable, code: "spool_full",
                                    message: "the spool holds its capacity of \(capacity) unfinished messages; retry later")
                full.retryAfter = Self.retryAfterFullSpool
                throw full
            }
            logger.error("enqueue_failed", ["error": .string(error.description)])
            throw APIError(.serviceUnavailable, code: "spool_unavailable", message: "the message could not be stored; retry later")
        }
        let status: HTTPStatus
        switch enqueued.disposition {
        case .created, .replaced: status = .accepted
        case .replayed: status = .ok
        case .conflict:
            var error = APIError(.conflict, code: "key_conflict",
                                 message: "key \"\(sendRequest.key ?? "")\" was used for a different request whose message is already \(enqueued.status.status.rawValue)")
            error.existingID = enqueued.id
            throw error
        }
        return accepted(status, id: enqueued.id, status: enqueued.status.status)
    }

    /// `{"id","status"}` with the message's location.
    private func accepted(_ httpStatus: HTTPStatus, id: String, status: DeliveryState) -> HTTPResponse {
        var response = JSONResponse.raw(httpStatus, "{\"id\":\(JSONText.quoted(id)),\"status\":\(JSONText.quoted(status.rawValue))}")
        response.headers.add("Location", "/v1/messages/\(id)")
        response.headers.add(RequestPipeline.messageIDHeader, id)
        return response
    }

    private func replay(key: String, fingerprint: String) throws(APIError) -> MessageStatus? {
        do {
            return try spool.replay(key: key, fingerprint: fingerprint)
        } catch {
            logger.error("status_failed", ["error": .string(error.description)])
            throw APIError(.serviceUnavailable, code: "spool_unavailable", message: "the spool could not be read; retry later")
        }
    }

    private func status(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let found: MessageStatus?
        do {
            found = try spool.status(id: id)
        } catch {
            if case .invalidID = error { throw APIError.notFound("no message with id \(id)") }
            logger.error("status_failed", ["error": .string(error.description)])
            throw APIError(.serviceUnavailable, code: "spool_unavailable", message: "the spool could not be read; retry later")
        }
        guard let found else { throw APIError.notFound("no message with id \(id)") }
        var response = JSONResponse.raw(.ok, found.json())
        response.headers.add(RequestPipeline.messageIDHeader, found.id)
        return response
    }

    private func cancel(_ request: HTTPRequest) throws(APIError) -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let result: CancelResult
        do {
            result = try spool.cancel(id: id)
        } catch {
            if case .invalidID = error { throw APIError.notFound("no message with id \(id)") }
            logger.error("cancel_failed", ["error": .string(error.description)])
            throw APIError(.serviceUnavailable, code: "spool_unavailable", message: "the spool could not be updated; retry later")
        }
        switch result {
        case .cancelled(let status):
            var response = JSONResponse.raw(.ok, status.json())
            response.headers.add(RequestPipeline.messageIDHeader, status.id)
            return response
        case .conflict(let status):
            var error = APIError(.conflict, code: "too_late", message: "message \(id) is already \(status.status.rawValue) and cannot be cancelled")
            error.existingID = status.id
            throw error
        case .notFound:
            throw APIError.notFound("no message with id \(id)")
        }
    }
}
