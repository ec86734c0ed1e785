import Delivery
import Foundation
import HeraldLogging
import HTTPServer

/// `GET /v1/events?after=&limit=` (every message's events, oldest first, for a caller catching up on
/// what its webhook missed) and `POST /v1/events/{id}/replay` (that event delivered to every webhook
/// endpoint again).
struct EventRoutes: Sendable {
    /// Events per page when `limit` is not given, and the most one page holds.
    static let defaultLimit = 100
    static let maximumLimit = 1000

    let spool: Spool
    let logger: HeraldLog

    func register(on router: inout RouteTable) {
        router.add(.get, "/v1/events") { request, context in respond(&context) { _ throws(APIError) in try list(request) } }
        router.add(.post, "/v1/events/{id}/replay") { _, context in respond(&context) { context throws(APIError) in try replay(&context) } }
    }

    /// `{"events":[…],"nextAfter":N}`: `nextAfter` is the `after=` of the next page (the last event's
    /// sequence, or the one given when the page is empty), so a caller polls with it.
    private func list(_ request: ServerRequest) throws(APIError) -> ServerResponse {
        var problems: [APIError.Field] = []
        let limitText = request.queryValue("limit")
        let limit = limitText.map { $0.utf8.allSatisfy(Self.isDigit) ? Int($0) : nil } ?? Self.defaultLimit
        if limit == nil || !(1...Self.maximumLimit).contains(limit ?? 0) {
            problems.append(APIError.Field(path: "limit", problem: "expected an integer from 1 to \(Self.maximumLimit), got \(JSONText.quoted(limitText ?? ""))"))
        }
        var after: Int64? = 0
        if let text = request.queryValue("after") {
            let hex = text.utf8.dropFirst(4)
            if text.hasPrefix("evt_"), hex.count == 32, hex.allSatisfy({ Self.isDigit($0) || (0x61...0x66).contains($0) }) {
                after = try onSpool { () throws(SpoolError) in try spool.event(id: text)?.sequence }
                guard after != nil else { throw APIError.notFound("no event with id \(JSONText.quoted(text))") }
            } else if (1...18).contains(text.utf8.count), text.utf8.allSatisfy(Self.isDigit), let sequence = Int64(text) {
                after = sequence
            } else {
                after = nil
                problems.append(APIError.Field(path: "after", problem: "expected an event's sequence (an integer ≥ 0) or its id (evt_…), got \(JSONText.quoted(text))"))
            }
        }
        guard problems.isEmpty, let after, let limit else {
            throw APIError(.badRequest, code: "invalid_request", message: "\(problems.count) field\(problems.count == 1 ? " is" : "s are") invalid", fields: problems)
        }
        let events = try onSpool { () throws(SpoolError) in try spool.events(after: after, limit: limit) }
        let next = events.last?.sequence ?? after
        return JSONResponse.raw(.ok, "{\"events\":[" + events.map(\.json).joined(separator: ",") + "],\"nextAfter\":\(next)}")
    }

    /// `202` with the event once its new deliveries are stored; `404` for an id no event has.
    private func replay(_ context: inout RequestContext) throws(APIError) -> ServerResponse {
        let id = try context.parameter("id")
        guard let event = try onSpool({ () throws(SpoolError) in try spool.replay(eventID: id) }) else {
            throw APIError.notFound("no event with id \(JSONText.quoted(id))")
        }
        context.messageID = event.messageID
        return JSONResponse.raw(.accepted, event.json)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// A spool call: a failure is logged and answered `503 spool_unavailable`.
    private func onSpool<Result>(_ call: () throws(SpoolError) -> Result) throws(APIError) -> Result {
        do {
            return try call()
        } catch {
            logger.error("events_failed", ["error": .string(error.description)])
            throw APIError(.serviceUnavailable, code: "spool_unavailable", message: "the spool could not be read or updated; retry later")
        }
    }
}
