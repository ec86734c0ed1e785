import Delivery
import Foundation
import HeraldLogging
import HTTPServer
import Messages

extension MessageQuery {
    /// The query parameters `GET /v1/messages` takes; any other is refused, so a misspelt filter
    /// never silently lists every message.
    static let parameters: Set<String> = ["status", "message", "to", "key", "keyPrefix", "createdAfter", "createdBefore", "limit", "cursor"]

    /// Reads a search from the request's query string. Every problem is reported at once, each with
    /// the parameter's name as its path: `400 invalid_request`, or `422 unprocessable` when every one
    /// is well-formed but meaningless (a time outside the years 1–9999, a cursor this API never gave out).
    static func parsing(_ request: ServerRequest) throws(APIError) -> MessageQuery {
        var problems = FieldProblems()
        func problem(_ name: String, _ text: String, _ kind: FieldProblem.Kind = .invalid) {
            problems.append(FieldProblem(path: FieldPath(name), problem: text, kind: kind))
        }
        var values: [String: String] = [:]
        for (name, value) in request.query {
            if !parameters.contains(name) {
                problem(name, "is not a parameter of this search (\(parameters.sorted().joined(separator: ", ")))")
            } else if values[name] != nil {
                problem(name, "is given more than once")
            } else {
                values[name] = value
            }
        }
        func text(_ name: String) -> String? {
            guard let value = values[name] else { return nil }
            // Any other text is a search that may find nothing; NUL never reaches a database.
            guard (1...200).contains(value.unicodeScalars.count), !value.utf8.contains(0) else {
                problem(name, "expected 1 to 200 characters, none of them NUL")
                return nil
            }
            return value
        }
        func time(_ name: String) -> Date? {
            guard let value = values[name] else { return nil }
            do {
                return try Timestamp(parsing: value).date
            } catch {
                problem(name, "expected an RFC 3339 date-time such as 2026-03-01T09:00:00Z: \(error)", error.kind)
                return nil
            }
        }
        var statuses: Set<DeliveryState> = []
        if let value = values["status"] {
            for name in value.split(separator: ",", omittingEmptySubsequences: false) {
                if let state = DeliveryState(rawValue: String(name)) {
                    statuses.insert(state)
                } else {
                    problem("status", "expected states separated by commas, of \(DeliveryState.allCases.map(\.rawValue).joined(separator: ", ")); got \(JSONText.quoted(String(name)))")
                    break
                }
            }
        }
        var limit = MessageQuery.defaultLimit
        if let value = values["limit"] {
            if let number = Int(value), (1...MessageQuery.maximumLimit).contains(number) {
                limit = number
            } else {
                problem("limit", "expected a whole number from 1 to \(MessageQuery.maximumLimit)")
            }
        }
        var cursor: MessageCursor?
        if let value = values["cursor"] {
            cursor = MessageCursor(token: value)
            if cursor == nil {
                let wellFormed = !value.isEmpty && value.utf8.allSatisfy { MessageCursor.alphabet.contains($0) }
                problem("cursor", "is not a cursor this API gave out (use nextCursor of the previous page)", wellFormed ? .unprocessable : .invalid)
            }
        }
        let query = MessageQuery(
            statuses: statuses, message: text("message"), recipient: text("to"), key: text("key"), keyPrefix: text("keyPrefix"),
            createdAfter: time("createdAfter"), createdBefore: time("createdBefore"), limit: limit, cursor: cursor)
        guard problems.isEmpty else { throw APIError.fields(problems) }
        return query
    }
}

extension MessagePage {
    /// `{"messages":[status, …],"nextCursor":"…" or null}`.
    var json: String {
        "{\"messages\":[" + messages.map { $0.json() }.joined(separator: ",") + "],\"nextCursor\":"
            + (next.map { JSONText.quoted($0.token) } ?? "null") + "}"
    }
}
