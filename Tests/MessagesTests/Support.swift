import Foundation
@testable import Messages

/// Paths of the repository, found from this file so tests run from any working directory.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates")
    static let previews = root.appendingPathComponent("Previews")
    static let golden = root.appendingPathComponent("Tests/MessagesTests/Golden")
}

enum Fixtures {
    static let renderer: MessageRenderer = {
        do {
            return try MessageRenderer(templatesDirectory: Repository.templates)
        } catch {
            fatalError("Templates/ does not load: \(error)")
        }
    }()

    static let catalog = MessageCatalog(renderer: renderer, sender: EmailAddress(email: "no-reply@atelier-nord.example", name: "Atelier Nord"))

    static func json(_ text: String) -> JSONValue {
        do {
            return try JSONValue(parsing: Data(text.utf8))
        } catch {
            fatalError("bad JSON in a test: \(error)")
        }
    }

    static let samples = PreviewSample.load(directory: Repository.previews).samples

    static func sample(_ kind: MessageKind, _ variant: String) -> JSONValue {
        guard let sample = samples.first(where: { $0.kind == kind && $0.variant == variant }) else {
            fatalError("no preview \(kind)/\(variant)")
        }
        return sample.context
    }

    static func environment(_ locale: String = "en", now: Date = PreviewSample.referenceTime) -> RenderEnvironmentValues {
        renderer.environment(locale: locale, now: now)
    }

    /// The computed words of a locale of the repository's catalogs.
    static func phrases(_ locale: String) -> Phrasebook {
        environment(locale).phrases
    }

    static func language(_ code: String) -> TemplateLanguage {
        guard let language = TemplateLanguage(rawValue: code) else { fatalError("not a language code: \(code)") }
        return language
    }

    /// A valid installment-paid context whose fields tests replace.
    static let installmentPaid = """
        {"customerName":"Camille","productTitle":"Ceramics","orderURL":"https://shop.example/o/1","cardLast4":"4242",
         "schedule":[{"number":1,"dueDate":"2026-03-03","amount":{"amount":"200.00","currency":"EUR"},"state":"paid"},
                     {"number":2,"dueDate":"2026-04-03","amount":{"amount":"200.00","currency":"EUR"},"state":"pending"}],
         "orderTotal":{"amount":"400.00","currency":"EUR"},"installmentNumber":1,"amount":{"amount":"200.00","currency":"EUR"},
         "remainingBalance":{"amount":"200.00","currency":"EUR"},"nextDueDate":"2026-04-03"}
        """

    /// A send-request body through the catalog as the send pipeline takes it: read by the strict JSON
    /// reader (a syntax error is a problem at its path), its envelope checked, then composed at its
    /// `sendAt` (else `now`), envelope and context problems together.
    static func compose(_ body: Data, now: Date = PreviewSample.referenceTime, id: String = "test-1") throws(CatalogError) -> MessageCatalog.Result {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw .invalidFields(FieldProblems([FieldProblem(path: error.path ?? FieldPath("body"), problem: error.description)]))
        }
        let (request, envelopeProblems) = SendRequest.envelope(of: json)
        return try catalog.compose(request, envelopeProblems: envelopeProblems, id: id, now: request.sendAt?.date ?? now)
    }

    /// The problems decoding `json` as `kind` reports (empty when it decodes).
    static func problems(_ kind: MessageKind, _ json: String, now: Date = PreviewSample.referenceTime) -> FieldProblems {
        do {
            _ = try kind.decodeContext(Fixtures.json(json), environment: environment(now: now))
            return FieldProblems()
        } catch {
            return error
        }
    }
}

extension JSONValue {
    /// A copy with `key` of the top-level object set (or removed with nil).
    func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard case .object(var members) = self else { return self }
        members[key] = value
        return .object(members)
    }
}
