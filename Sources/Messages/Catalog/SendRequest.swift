import Foundation

/// The body of `POST /v1/messages` and `POST /v1/render` (README "API"), its envelope checked field
/// by field so every problem is reported at once with its path (`to[0].email`, `sendAt`). The HTTP
/// API, `herald send` and the preview pages all read requests through this one parser; the context
/// is left raw for `MessageCatalog.compose`, which decodes it once and adds its problems to these.
public struct SendRequest: Sendable {
    public var message: String
    public var to: [EmailAddress]
    public var locale: String?
    /// Still raw: the catalog decodes it into the message's typed context.
    public var context: JSONValue
    public var key: String?
    public var sendAt: Timestamp?
    /// Files sent with the message (README "Attachments"), checked and decoded.
    public var attachments: [Attachment] = []

    private static let fields: Set<String> = ["message", "to", "locale", "context", "key", "sendAt", "attachments"]

    /// Checks everything but the context, which is returned as sent for `MessageCatalog.compose` to decode.
    /// With `recipientsRequired: false` (`POST /v1/render`), a missing `to` is the placeholder recipient.
    public static func envelope(of json: JSONValue, recipientsRequired: Bool = true) -> (SendRequest, FieldProblems) {
        var problems = FieldProblems()
        func problem(_ path: String, _ text: String) {
            problems.append(FieldProblem(path: FieldPath(path), problem: text))
        }
        guard case .object(let members) = json else {
            problem("body", "expected a JSON object, got \(json.typeName)")
            return (SendRequest(message: "", to: [], locale: nil, context: .null, key: nil, sendAt: nil), problems)
        }
        func string(_ name: String, requiredBecause reason: String? = nil) -> String? {
            switch members[name] {
            case .string(let text)?: return text
            case nil, .null?: if let reason { problem(name, "is required" + reason) }
            case let other?: problem(name, "expected a string, got \(other.typeName)")
            }
            return nil
        }

        let message = string("message", requiredBecause: " (one of \(MessageKind.allCases.map(\.rawValue).joined(separator: ", ")))") ?? ""
        var locale = string("locale")
        if let text = locale, text.isEmpty || text.utf8.count > 35 || !text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            problem("locale", "expected a language tag such as \"fr\" or \"fr-CA\"")
            locale = nil
        }
        var key = string("key")
        if let text = key, text.isEmpty || text.utf8.count > 200 || text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            problem("key", "expected 1 to 200 characters without control characters or line breaks")
            key = nil
        }
        var sendAt: Timestamp?
        if let text = string("sendAt") {
            do {
                sendAt = try Timestamp(parsing: text)
            } catch {
                problems.append(FieldProblem(path: FieldPath("sendAt"), problem: error.description, kind: error.kind))
            }
        }
        var to: [EmailAddress] = []
        if let recipients = members["to"], recipients != .null {
            do { to = try AddressValidator.recipients(recipients) } catch { problems.append(contentsOf: error) }
        } else if recipientsRequired {
            problem("to", "is required: a list of {\"email\",\"name\"}")
        } else {
            to = [PreviewSample.placeholderRecipient]
        }
        var context = JSONValue.null
        switch members["context"] {
        case .object?: context = members["context"] ?? .null
        case nil, .null?: problem("context", "is required: the fields of the message's context (see GET /v1/templates)")
        case let other?: problem("context", "expected an object, got \(other.typeName)")
        }
        var attachments: [Attachment] = []
        if let list = members["attachments"], list != .null {
            let (read, attachmentProblems) = AttachmentReader.attachments(list)
            attachments = read
            problems.append(contentsOf: attachmentProblems)
        }
        for name in members.keys.sorted() where !fields.contains(name) {
            problem(name, "is not a field of a send request")
        }
        return (SendRequest(message: message, to: to, locale: locale, context: context, key: key, sendAt: sendAt, attachments: attachments), problems)
    }
}
