import Foundation
import HTTPServer
import Messages

/// The body of `POST /v1/messages` and `POST /v1/render` (DESIGN §4), checked field by field:
/// every problem of the envelope is reported with its path, together with the context's.
struct SendRequest: Sendable {
    var message: String
    var to: [EmailAddress]
    var locale: String?
    var context: JSONValue
    var key: String?
    var sendAt: Date?
    private static let fields: Set<String> = ["message", "to", "locale", "context", "key", "sendAt"]

    /// Parses and checks a request body.
    ///
    /// - Parameter recipientsRequired: `POST /v1/render` may leave `to` out (a placeholder is used).
    /// - Throws: `415` for a body that is not declared JSON, `400` for invalid JSON or envelope fields.
    ///   Context problems are left to the catalog, which reports them with their paths.
    static func parse(_ request: HTTPRequest, recipientsRequired: Bool = true) throws(APIError) -> (SendRequest, FieldProblems) {
        let mediaType = request.headers["Content-Type"]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard mediaType == "application/json" else {
            throw APIError(.unsupportedMediaType, code: "unsupported_media_type",
                           message: "send the body as application/json (got \(mediaType ?? "no Content-Type"))")
        }
        guard !JSONNesting.exceedsLimit(request.body) else {
            throw APIError(.badRequest, code: "invalid_json", message: "JSON nested deeper than \(JSONNesting.limit) levels")
        }
        let json: JSONValue
        do {
            json = try JSONValue(parsing: Data(request.body))
        } catch {
            throw APIError(.badRequest, code: "invalid_json", message: error.description)
        }
        guard case .object(let members) = json else {
            throw APIError(.badRequest, code: "invalid_request", message: "the body must be a JSON object, got \(json.typeName)")
        }

        var problems = FieldProblems()
        func problem(_ path: String, _ text: String) {
            problems.append(FieldProblem(path: FieldPath(path), problem: text))
        }

        var message = ""
        switch members["message"] {
        case .string(let text)?: message = text
        case nil, .null?: problem("message", "is required (one of \(MessageKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        case let other?: problem("message", "expected a string, got \(other.typeName)")
        }

        var recipients: [EmailAddress] = []
        if let to = members["to"], to != .null {
            do {
                recipients = try AddressValidator.recipients(to)
            } catch {
                problems.append(contentsOf: error)
            }
        } else if recipientsRequired {
            problem("to", "is required: a list of {\"email\",\"name\"}")
        } else {
            recipients = [PreviewSample.placeholderRecipient]
        }

        var locale: String?
        switch members["locale"] {
        case .string(let text)?:
            if text.isEmpty || text.utf8.count > 35 || !text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
                problem("locale", "expected a language tag such as \"fr\" or \"fr-CA\"")
            } else {
                locale = text
            }
        case nil, .null?: break
        case let other?: problem("locale", "expected a string, got \(other.typeName)")
        }

        var context = JSONValue.null
        switch members["context"] {
        case .object?: context = members["context"] ?? .null
        case nil, .null?: problem("context", "is required: the fields of the message's context (see GET /v1/templates)")
        case let other?: problem("context", "expected an object, got \(other.typeName)")
        }

        var key: String?
        switch members["key"] {
        case .string(let text)?:
            if text.isEmpty || text.utf8.count > 200 || text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                problem("key", "expected 1 to 200 characters without control characters or line breaks")
            } else {
                key = text
            }
        case nil, .null?: break
        case let other?: problem("key", "expected a string, got \(other.typeName)")
        }

        var sendAt: Date?
        switch members["sendAt"] {
        case .string(let text)?:
            if let timestamp = try? Timestamp(parsing: text) {
                sendAt = timestamp.date
            } else {
                problem("sendAt", "expected an RFC 3339 time such as 2026-03-05T09:00:00Z, got \"\(text.prefix(40))\"")
            }
        case nil, .null?: break
        case let other?: problem("sendAt", "expected a string, got \(other.typeName)")
        }

        for name in members.keys.sorted() where !fields.contains(name) {
            problem(name, "is not a field of a send request")
        }
        return (SendRequest(message: message, to: recipients, locale: locale, context: context, key: key, sendAt: sendAt), problems)
    }
}
