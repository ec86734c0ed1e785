import Foundation

/// The body of `POST /v1/messages` and `POST /v1/render` (DESIGN §4), checked field by field so
/// every problem is reported at once with its path (`to[0].email`, `context.schedule[1].amount`).
public struct SendRequest: Sendable {
    public var message: String
    public var to: [EmailAddress]
    public var locale: String?
    /// Still raw: the catalog decodes it into the message's typed context.
    public var context: JSONValue
    public var key: String?
    public var sendAt: Timestamp?

    /// Parses and checks the envelope; the context is checked too when the message kind is known,
    /// so one answer lists envelope and context problems together. Unknown kinds are `CatalogError.unknownMessage`.
    public static func decode(_ body: Data, now: Date) throws(CatalogError) -> SendRequest {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw .invalidFields(FieldProblems([FieldProblem(path: FieldPath("body"), problem: error.description)]))
        }
        guard case .object(let members) = json else {
            throw .invalidFields(FieldProblems([FieldProblem(path: FieldPath("body"), problem: "expected a JSON object, got \(json.typeName)")]))
        }
        var problems = FieldProblems()
        func string(_ name: String, required: Bool) -> String? {
            switch members[name] {
            case .string(let text)?:
                if let problem = SchemaValidator.textProblem(text) { problems.append(FieldProblem(path: FieldPath(name), problem: problem)) }
                return text
            case nil, .null?:
                if required { problems.append(FieldProblem(path: FieldPath(name), problem: "is required")) }
            case let other?:
                problems.append(FieldProblem(path: FieldPath(name), problem: "expected a string, got \(other.typeName)"))
            }
            return nil
        }
        let message = string("message", required: true)
        let locale = string("locale", required: false)
        let key = string("key", required: false)
        if let key, key.utf8.count > 200 { problems.append(FieldProblem(path: FieldPath("key"), problem: "is longer than 200 bytes")) }
        var sendAt: Timestamp?
        if let text = string("sendAt", required: false) {
            do { sendAt = try Timestamp(parsing: text) } catch { problems.append(FieldProblem(path: FieldPath("sendAt"), problem: error.description)) }
        }
        var to: [EmailAddress] = []
        if let recipients = members["to"], recipients != .null {
            do { to = try AddressValidator.recipients(recipients) } catch { problems.append(contentsOf: error) }
        } else {
            problems.append(FieldProblem(path: FieldPath("to"), problem: "is required"))
        }
        let context = members["context"] ?? .null
        if context == .null { problems.append(FieldProblem(path: FieldPath("context"), problem: "is required")) }
        let known: Set<String> = ["message", "to", "locale", "context", "key", "sendAt"]
        for name in members.keys.sorted() where !known.contains(name) {
            problems.append(FieldProblem(path: FieldPath(name), problem: "is not a field of a send request"))
        }
        guard let message, let kind = MessageKind(rawValue: message) else {
            if let message, problems.isEmpty { throw .unknownMessage(message) }
            throw .invalidFields(problems)
        }
        if context != .null {
            let environment = RenderEnvironmentValues(locale: LocaleResolution(requested: locale), now: sendAt?.date ?? now)
            do { _ = try kind.decodeContext(context, environment: environment) } catch { problems.append(contentsOf: error) }
        }
        guard problems.isEmpty else { throw .invalidFields(problems) }
        return SendRequest(message: message, to: to, locale: locale, context: context, key: key, sendAt: sendAt)
    }

    /// The catalog request this send request asks for.
    public var catalogRequest: MessageCatalog.Request {
        MessageCatalog.Request(message: message, locale: locale, to: to, context: context, key: key)
    }
}
