import Delivery
import Foundation
import HTTPServer
import Messages

/// `GET /v1/openapi.json`: the OpenAPI 3.1 description of the routes this service registered (the
/// preview pages only when they are enabled), every answer and error body, and one JSON Schema per
/// message context from `ContractSchemas`, so client generators get typed send functions.
///
/// The document is built from the route table itself: a route without an entry in `operations` is a
/// bug that the test suite catches, never a route the contract silently omits.
package enum OpenAPIDocument {
    /// The document's `info.version`: the version of the HTTP contract, not of the binary.
    static let contractVersion = "1.0.0"

    /// Whether the contract describes `method pattern`: every route a service registers must be.
    package static func describes(_ method: HTTPMethod, _ pattern: String) -> Bool {
        operations["\(method.rawValue) \(pattern)"] != nil
    }

    /// The document `herald serve` with `configuration` serves, without starting one (`herald schema print`).
    public static func json(for configuration: HeraldConfiguration) -> String {
        let routes = operations.keys.sorted().compactMap { key -> (method: HTTPMethod, pattern: String)? in
            let parts = key.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let method = HTTPMethod(rawValue: String(parts[0])) else { return nil }
            let pattern = String(parts[1])
            return configuration.previewsEnabled || !pattern.hasPrefix("/previews") ? (method, pattern) : nil
        }
        return json(routes: routes, requiresToken: configuration.apiToken != nil)
    }

    /// The document for `routes`, with bearer authentication on `/v1` when `requiresToken`.
    static func make(routes: [(method: HTTPMethod, pattern: String)], requiresToken: Bool) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            guard var described = operations["\(route.method.rawValue) \(route.pattern)"] else { continue }
            if route.pattern.hasPrefix("/v1/"), requiresToken, case .object(var members) = described {
                members["security"] = [["bearer": []]]
                if case .object(var responses)? = members["responses"] {
                    responses["401"] = errorResponse("The bearer token is missing or wrong.")
                    members["responses"] = .object(responses)
                }
                described = .object(members)
            }
            paths[route.pattern, default: [:]][route.method.rawValue.lowercased()] = described
        }
        var components: [String: JSONValue] = ["schemas": .object(schemas)]
        if requiresToken {
            components["securitySchemes"] = ["bearer": ["type": "http", "scheme": "bearer", "description": "HERALD_API_TOKEN"]]
        }
        return [
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": [
                "title": "Herald",
                "version": .string(contractVersion),
                "description": "Transactional payment mail: send, schedule, cancel and follow messages rendered from typed contexts.",
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": .object(components),
        ]
    }

    /// The document as compact JSON with sorted keys, the same bytes for the same routes.
    static func json(routes: [(method: HTTPMethod, pattern: String)], requiresToken: Bool) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(make(routes: routes, requiresToken: requiresToken)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    // MARK: - Operations

    private static func reference(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private static func json(_ schema: JSONValue) -> JSONValue { ["application/json": ["schema": schema]] }

    private static func errorResponse(_ description: String) -> JSONValue {
        ["description": .string(description), "content": json(reference("Error"))]
    }

    /// Answers any route can give: what the HTTP layer says about a request it cannot take (a bad
    /// request line, a body over the limit, a slow client, a full server) and an internal failure.
    private static let protocolErrors: [String: JSONValue] = [
        "default": errorResponse("An error the HTTP layer answers before the route runs (400, 408, 411, 413, 417, 431, 501, 503, 505), or an internal failure (500)."),
    ]

    private static func operation(
        _ id: String, _ summary: String, tags: [String], parameters: [JSONValue] = [], body: JSONValue? = nil,
        responses: [String: JSONValue]
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "operationId": .string(id), "summary": .string(summary), "tags": .array(tags.map { .string($0) }),
            "responses": .object(protocolErrors.merging(responses) { _, route in route }),
        ]
        if !parameters.isEmpty { members["parameters"] = .array(parameters) }
        if let body { members["requestBody"] = body }
        return .object(members)
    }

    private static func pathParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "path", "required": true, "schema": schema, "description": .string(description)]
    }

    private static let messageID = pathParameter("id", ["type": "string", "minLength": 1], "The id `POST /v1/messages` answered.")
    private static let previewParameters = [
        pathParameter("message", ["type": "string", "enum": .array(MessageKind.allCases.map { .string($0.rawValue) })], "The message kind."),
        pathParameter("variant", ["type": "string", "minLength": 1], "The sample's variant (a file name in `Previews/`)."),
        queryParameter("locale", ["type": "string"], "The locale to show first (`fr`, `de-CH`); an unknown one falls back to `en`."),
    ]
    private static let previewPageParameters = previewParameters + [
        queryParameter("width", ["type": "string", "enum": ["375", "320"]], "Show the HTML part in a phone-wide frame; any other value is the desktop width."),
        queryParameter("scheme", ["type": "string", "enum": ["dark"]], "Show the HTML part as a client in dark mode would."),
    ]

    private static func queryParameter(_ name: String, _ schema: JSONValue, _ description: String) -> JSONValue {
        ["name": .string(name), "in": "query", "required": false, "schema": schema, "description": .string(description)]
    }

    private static let sendBody: JSONValue = ["required": true, "content": json(reference("SendRequest"))]
    private static let renderBody: JSONValue = ["required": true, "content": json(reference("RenderRequest"))]

    private static func html(_ description: String) -> JSONValue {
        ["description": .string(description), "content": ["text/html": ["schema": ["type": "string"]]]]
    }

    private static let fieldErrors = [
        "400": errorResponse("The body is not JSON, or a field has the wrong shape; `fields` lists every problem with its path."),
        "415": errorResponse("The body is not declared `application/json`."),
        "422": errorResponse("The fields are well-formed but contradict each other or the calendar (an installment missing from its schedule, decimals the currency lacks); `fields` says where."),
    ]

    /// A text filter of `GET /v1/messages`: 1 to 200 characters, none of them NUL.
    private static let searchText: JSONValue = ["type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[^\\x00]*$"]
    /// The states, as a regular expression's alternatives.
    private static let states = DeliveryState.allCases.map(\.rawValue).joined(separator: "|")

    /// Each route's description, by `"METHOD pattern"`.
    private static let operations: [String: JSONValue] = [
        "GET /healthz": operation(
            "health", "Liveness: the process answers.", tags: ["operations"],
            responses: ["200": ["description": "Alive.", "content": json(["type": "object", "required": ["status"], "properties": ["status": ["const": "ok"]]])]]),
        "GET /metrics": operation(
            "metrics", "Prometheus text exposition of requests, deliveries and the spool.", tags: ["operations"],
            responses: ["200": ["description": "The metrics.", "content": ["text/plain": ["schema": ["type": "string"]]]]]),
        "POST /v1/messages": operation(
            "sendMessage", "Validates, renders and stores a message for delivery; answers once it is on disk.", tags: ["messages"],
            body: sendBody,
            responses: fieldErrors.merging([
                "202": ["description": "Accepted: stored durably, to be delivered (or at `sendAt`).",
                        "headers": ["Location": ["schema": ["type": "string"], "description": "The message's status URL."]],
                        "content": json(reference("Accepted"))],
                "200": ["description": "A retry with the same `key` and body: the message accepted the first time.",
                        "headers": ["Location": ["schema": ["type": "string"], "description": "The message's status URL."]],
                        "content": json(reference("Accepted"))],
                "404": errorResponse("`message` names no message of the catalog (`unknown_message`)."),
                "409": errorResponse("The `key` was used for a different request whose message can no longer be replaced (`key_conflict`); `id` is that message."),
                "503": errorResponse("The spool is full (`spool_full`, with `Retry-After`) or cannot be written (`spool_unavailable`); nothing was stored."),
            ]) { _, route in route }),
        "POST /v1/messages/batch": operation(
            "sendMessages", "Submits up to 500 send requests, each as `POST /v1/messages` would, stored together; answers once every accepted one is on disk.",
            tags: ["messages"],
            body: ["required": true, "content": json([
                "type": "object", "required": ["messages"], "additionalProperties": false,
                "properties": ["messages": ["type": "array", "minItems": 1, "maxItems": .integer(500), "items": reference("SendRequest")]],
            ])],
            responses: fieldErrors.merging([
                "207": ["description": "One result per request, in order: the status and body `POST /v1/messages` would have answered for it (`202`/`200` with the accepted message, or the error).",
                        "content": json(reference("BatchResults"))],
            ]) { _, route in route }),
        "GET /v1/messages": operation(
            "searchMessages", "Messages matching every filter given, newest first, a page at a time (indexed, never a scan).", tags: ["messages"],
            parameters: [
                queryParameter("status", ["type": "string", "pattern": .string("^(\(states))(,(\(states)))*$"), "examples": ["failed,unknown"]],
                               "Any of these states, separated by commas (\(DeliveryState.allCases.map(\.rawValue).joined(separator: ", ")))."),
                queryParameter("message", searchText, "The message kind (`payment-approved`, …)."),
                queryParameter("to", searchText, "One of the recipients' addresses; ASCII letters match in any case."),
                queryParameter("key", searchText,
                               "The `key` sent with the message, exactly; a message replaced under its key still matches."),
                queryParameter("keyPrefix", searchText, "Keys starting with this text (`order-42/`)."),
                queryParameter("createdAfter", ["type": "string", "format": "date-time"], "Accepted strictly after this time."),
                queryParameter("createdBefore", ["type": "string", "format": "date-time"], "Accepted strictly before this time."),
                queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": .integer(MessageQuery.maximumLimit)],
                               "At most this many messages (default \(MessageQuery.defaultLimit))."),
                queryParameter("cursor", ["type": "string", "pattern": "^[A-Za-z0-9_-]{1,400}$"], "The previous page's `nextCursor`: the messages after its last one."),
            ],
            responses: [
                "200": ["description": "One page, newest first; `nextCursor` is null on the last.", "content": json(reference("MessagePage"))],
                "400": errorResponse("A parameter is unknown, repeated or invalid; `fields` names each (`invalid_request`)."),
                "422": errorResponse("Well-formed but meaningless: a time outside the years 1–9999, a cursor this API did not give out (`unprocessable`)."),
                "503": errorResponse("The spool cannot be read."),
            ]),
        "DELETE /v1/messages": operation(
            "cancelMessageByKey", "Cancels the message that holds a `key`, as `DELETE /v1/messages/{id}` cancels by id.", tags: ["messages"],
            parameters: [["name": "key", "in": "query", "required": true, "schema": ["type": "string", "minLength": 1],
                          "description": "The `key` the message was sent with."]],
            responses: [
                "200": ["description": "Cancelled (or already cancelled).", "content": json(reference("MessageStatus"))],
                "400": errorResponse("No `key` given."),
                "404": errorResponse("No message holds this key."),
                "409": errorResponse("Too late: the message is being sent or finished (`too_late`); `id` is the message."),
                "503": errorResponse("The spool cannot be read or updated."),
            ]),
        "GET /v1/messages/{id}/eml": operation(
            "getMessageEml", "The message exactly as composed and handed to the transport.", tags: ["messages"], parameters: [messageID],
            responses: [
                "200": ["description": "The message (RFC 5322, CRLF line ends).", "content": ["message/rfc822": ["schema": ["type": "string"]]]],
                "404": errorResponse("No message has this id."),
                "503": errorResponse("The spool cannot be read."),
            ]),
        "POST /v1/messages/{id}/retry": operation(
            "retryMessage", "Queues a failed or unknown message again: a new attempt of the same message (same id and Message-ID).",
            tags: ["messages"], parameters: [messageID],
            responses: [
                "202": ["description": "Queued again, due now.", "content": json(reference("MessageStatus"))],
                "404": errorResponse("No message has this id."),
                "409": errorResponse("The message is not failed or unknown (`not_retryable`); `id` is the message."),
                "503": errorResponse("The spool cannot be updated."),
            ]),
        "GET /v1/messages/{id}": operation(
            "getMessage", "The message's state, attempts and times, with its timeline of events.", tags: ["messages"], parameters: [messageID],
            responses: [
                "200": ["description": "The message and its events, oldest first.", "content": json(reference("MessageWithEvents"))],
                "404": errorResponse("No message has this id."),
                "503": errorResponse("The spool cannot be read."),
            ]),
        "DELETE /v1/messages/{id}": operation(
            "cancelMessage", "Cancels a message not yet handed to the transport.", tags: ["messages"], parameters: [messageID],
            responses: [
                "200": ["description": "Cancelled (or already cancelled).", "content": json(reference("MessageStatus"))],
                "404": errorResponse("No message has this id."),
                "409": errorResponse("Too late: the message is being sent or finished (`too_late`); `id` is the message."),
                "503": errorResponse("The spool cannot be updated."),
            ]),
        "GET /v1/events": operation(
            "listEvents", "Every message's events, oldest first, after a cursor: what webhooks were sent, to catch up on.", tags: ["events"],
            parameters: [
                queryParameter("after", ["type": "string", "pattern": "^([0-9]{1,18}|evt_[0-9a-f]{32})$"], "An event's `sequence` (the previous page's `nextAfter`) or its id (`evt_…`); the first event when absent."),
                queryParameter("limit", ["type": "integer", "minimum": 1, "maximum": .integer(EventRoutes.maximumLimit)],
                               "Events per page (default \(EventRoutes.defaultLimit))."),
            ],
            responses: [
                "200": ["description": "Up to `limit` events; `nextAfter` is the next page's `after`.", "content": json(reference("EventPage"))],
                "400": errorResponse("`after` or `limit` is malformed; `fields` says which."),
                "404": errorResponse("`after` is an event id no stored event has."),
                "503": errorResponse("The spool cannot be read."),
            ]),
        "POST /v1/events/{id}/replay": operation(
            "replayEvent", "Delivers the event again to every webhook endpoint (same `webhook-id`), whatever its type.", tags: ["events"],
            parameters: [pathParameter("id", ["type": "string", "minLength": 1], "The event's id (`evt_…`).")],
            responses: [
                "202": ["description": "The new deliveries are stored; the dispatcher sends them.", "content": json(reference("Event"))],
                "404": errorResponse("No event has this id."),
                "503": errorResponse("The spool cannot be updated."),
            ]),
        "POST /v1/render": operation(
            "renderMessage", "Validates and composes a send request as `POST /v1/messages` would, without storing it; `to` may be left out.",
            tags: ["messages"], body: renderBody,
            responses: fieldErrors.merging([
                "200": ["description": "The rendered parts and the whole message.", "content": json(reference("Rendered"))],
                "404": errorResponse("`message` names no message of the catalog (`unknown_message`)."),
            ]) { _, route in route }),
        "GET /v1/templates": operation(
            "listTemplates", "The catalog: every message with its locales and context fields.", tags: ["catalog"],
            responses: ["200": ["description": "The catalog.", "content": json(reference("Catalog"))]]),
        "GET /v1/openapi.json": operation(
            "openAPI", "This document.", tags: ["catalog"],
            responses: ["200": ["description": "OpenAPI 3.1.", "content": json(["type": "object"])]]),
        "GET /previews": operation(
            "previewIndex", "Developer previews: every message × locale × sample variant.", tags: ["previews"],
            responses: ["200": html("The index page.")]),
        "GET /previews/{message}/{variant}": operation(
            "previewPage", "One sample rendered in every locale, with its context to edit.", tags: ["previews"],
            parameters: previewPageParameters,
            responses: ["200": html("The preview page."), "404": errorResponse("No such message or variant.")]),
        "POST /previews/{message}/{variant}": operation(
            "previewEditedPage", "The preview page rendered from an edited context (the page's form).", tags: ["previews"],
            parameters: previewPageParameters,
            body: ["required": true, "content": ["application/x-www-form-urlencoded": ["schema": [
                "type": "object", "required": ["context"],
                "properties": ["context": ["type": "string", "description": "The context as JSON text."]],
            ]]]],
            responses: [
                "200": html("The preview page; problems with the edited context are shown on it."),
                "404": errorResponse("No such message or variant."),
                "415": errorResponse("The body is not a form."),
            ]),
        "GET /previews/{message}/{variant}/eml": operation(
            "previewEml", "The sample's whole message as composed.", tags: ["previews"], parameters: previewParameters,
            responses: ["200": ["description": "The message.", "content": ["message/rfc822": ["schema": ["type": "string"]]]],
                        "404": errorResponse("No such message or variant.")]),
        "GET /previews/{message}/{variant}/html": operation(
            "previewHtml", "The sample's HTML part, as a mail client would show it.", tags: ["previews"], parameters: previewParameters,
            responses: ["200": html("The HTML part."), "404": errorResponse("No such message or variant.")]),
    ]

    // MARK: - Schemas

    private static var schemas: [String: JSONValue] {
        var schemas = ContractSchemas.components
        schemas["Error"] = [
            "type": "object", "required": ["error"],
            "properties": ["error": [
                "type": "object", "required": ["code", "message"],
                "properties": [
                    "code": ["type": "string", "description": "Machine-readable: `invalid_request`, `unprocessable`, `not_found`, `key_conflict`, `spool_full`…"],
                    "message": ["type": "string"],
                    "fields": ["type": "array", "maxItems": .integer(APIError.maximumFields), "items": [
                        "type": "object", "required": ["path", "problem"],
                        "properties": ["path": ["type": "string", "examples": ["context.schedule[2].amount.currency"]], "problem": ["type": "string"]],
                    ]],
                    "id": ["type": "string", "description": "The existing message a `409` is about."],
                ],
            ]],
        ]
        schemas["Accepted"] = [
            "type": "object", "required": ["id", "status"],
            "properties": ["id": ["type": "string"], "status": reference("DeliveryState")],
        ]
        schemas["BatchResults"] = [
            "type": "object", "required": ["results"],
            "properties": ["results": ["type": "array", "items": [
                "type": "object", "required": ["status", "body"],
                "properties": [
                    "status": ["type": "integer", "description": "The HTTP status `POST /v1/messages` would have answered for this request."],
                    "body": ["oneOf": [reference("Accepted"), reference("Error")]],
                ],
            ]]],
        ]
        schemas["DeliveryState"] = ["type": "string", "enum": .array(DeliveryState.allCases.map { .string($0.rawValue) })]
        let instant: JSONValue = ["type": "string", "format": "date-time"]
        let nullableInstant: JSONValue = ["type": ["string", "null"], "format": "date-time"]
        schemas["MessageStatus"] = [
            "type": "object",
            "required": ["id", "message", "status", "attempts", "lastError", "createdAt", "sendAt", "deliveredAt", "key"],
            "properties": [
                "id": ["type": "string"],
                "message": ["type": "string"],
                "status": reference("DeliveryState"),
                "attempts": ["type": "integer", "minimum": 0],
                "lastError": ["type": ["string", "null"]],
                "createdAt": instant,
                "sendAt": nullableInstant,
                "deliveredAt": nullableInstant,
                "key": ["type": ["string", "null"]],
                "nextAttemptAt": instant,
                "replacedBy": ["type": "string", "description": "The message that replaced this one (same key)."],
            ],
        ]
        schemas["MessagePage"] = [
            "type": "object", "required": ["messages", "nextCursor"],
            "properties": [
                "messages": ["type": "array", "maxItems": .integer(MessageQuery.maximumLimit), "items": reference("MessageStatus")],
                "nextCursor": ["type": ["string", "null"], "description": "Pass as `cursor` for the next page; null on the last."],
            ],
        ]
        schemas["Event"] = [
            "type": "object", "required": ["id", "sequence", "type", "timestamp", "messageId", "data"],
            "properties": [
                "id": ["type": "string", "pattern": "^evt_", "description": "Stable: a webhook's `webhook-id`, the same on every retry and replay."],
                "sequence": ["type": "integer", "minimum": 1, "description": "Grows with every event, in commit order: `after=` pages by it."],
                "type": ["type": "string", "enum": .array(MessageEventType.allCases.map { .string($0.rawValue) })],
                "timestamp": instant,
                "messageId": ["type": "string"],
                "data": reference("MessageStatus"),
            ],
        ]
        schemas["EventPage"] = [
            "type": "object", "required": ["events", "nextAfter"],
            "properties": [
                "events": ["type": "array", "items": reference("Event")],
                "nextAfter": ["type": "integer", "minimum": 0, "description": "The `after` of the next page."],
            ],
        ]
        schemas["MessageWithEvents"] = [
            "allOf": [
                reference("MessageStatus"),
                ["type": "object", "required": ["events"],
                 "properties": ["events": ["type": "array", "items": reference("Event"), "description": "The message's timeline, oldest first."]]],
            ],
        ]
        schemas["Rendered"] = [
            "type": "object", "required": ["subject", "html", "text", "eml", "attachments"],
            "properties": [
                "subject": ["type": "string"], "html": ["type": "string"], "text": ["type": "string"],
                "eml": ["type": "string", "description": "The whole message (RFC 5322, CRLF line ends)."],
                "attachments": ["type": "array", "items": [
                    "type": "object", "required": ["filename", "contentType", "size", "sha256"],
                    "properties": [
                        "filename": ["type": "string"], "contentType": ["type": "string"],
                        "size": ["type": "integer", "minimum": 1], "sha256": ["type": "string", "pattern": "^[0-9a-f]{64}$"],
                    ],
                ]],
                "localeNote": ["type": "string", "description": "Set when the requested locale fell back to another."],
            ],
        ]
        schemas["Catalog"] = [
            "type": "object", "required": ["defaultLocale", "messages"],
            "properties": [
                "defaultLocale": ["type": "string"],
                "messages": ["type": "array", "items": [
                    "type": "object", "required": ["name", "locales", "context"],
                    "properties": [
                        "name": ["type": "string"],
                        "locales": ["type": "array", "items": ["type": "string"]],
                        "context": ["type": "array", "items": reference("CatalogField")],
                    ],
                ]],
            ],
        ]
        schemas["CatalogField"] = [
            "type": "object", "required": ["name", "type", "required"],
            "properties": [
                "name": ["type": "string"], "type": ["type": "string"], "required": ["type": "boolean"],
                "fields": ["type": "array", "items": reference("CatalogField")],
            ],
        ]
        return schemas
    }
}
