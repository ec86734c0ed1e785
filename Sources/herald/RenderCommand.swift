import Foundation
import Herald
import Messages

/// `herald render <message> --locale fr --context FILE [--format subject|html|text|eml] [--to ADDR]`:
/// the same decode → render → compose path as the send API, printed instead of sent.
enum RenderCommand: HeraldCommand {
    static let name = "render"
    static let summary = "render a message from a JSON context (subject, html, text or eml)"

    static func run(_ arguments: [String]) -> Int32 {
        let environment = ProcessInfo.processInfo.environment
        do {
            let options = try Arguments(arguments, valued: ["locale", "context", "format", "to", "templates", "now", "id"])
            guard options.positionals.count == 1, let message = options.positionals.first else {
                throw ArgumentError.unexpected("usage: herald render <message> --locale fr --context FILE [--format subject|html|text|eml] [--to ADDR]")
            }
            guard MessageKind(rawValue: message) != nil else {
                throw ArgumentError.unexpected(CatalogError.unknownMessage(message).description)
            }
            let format = options.value("format") ?? "eml"
            guard ["subject", "html", "text", "eml"].contains(format) else {
                throw ArgumentError.unexpected("--format must be subject, html, text or eml")
            }
            let contextPath = try options.required("context")
            let now = try options.value("now").map(parseTime) ?? Date()
            let recipient = try options.value("to").map { text throws(ArgumentError) in
                do { return try AddressValidator.parseMailbox(text) } catch { throw .unexpected("--to \(error)") }
            } ?? PreviewSample.placeholderRecipient

            let context: JSONValue
            do {
                context = try JSONValue(parsing: try Data(contentsOf: URL(fileURLWithPath: contextPath)))
            } catch let error as JSONSyntaxError {
                Console.error("\(contextPath):\(error.position.line):\(error.position.column): invalid JSON: \(error.detail)")
                return 65
            } catch {
                Console.error("\(contextPath): cannot read: \(error.localizedDescription)")
                return 66
            }
            let templates = URL(fileURLWithPath: options.value("templates") ?? environment["HERALD_TEMPLATES"] ?? "Templates")
            let renderer = try MessageRenderer(templatesDirectory: templates, brand: Brand(environment: environment))
            let configured = try SenderAddress(parsing: environment["HERALD_FROM"] ?? "Herald <no-reply@localhost>")
            let sender = EmailAddress(email: configured.email, name: configured.name)
            let catalog = MessageCatalog(renderer: renderer, sender: sender)
            let request = MessageCatalog.Request(message: message, locale: options.value("locale"), to: [recipient], context: context)
            let result = try catalog.compose(request, id: options.value("id") ?? "render-\(UUID().uuidString.lowercased())", now: now)
            if let note = result.localeNote { Console.error("note: \(note)") }
            switch format {
            case "subject": Console.output(result.message.subject + "\n")
            case "html": Console.output(result.message.html)
            case "text": Console.output(result.message.text)
            default: Console.output(result.message.eml)
            }
            return 0
        } catch let error as ArgumentError {
            Console.error("herald render: \(error)")
            return 64
        } catch let error as CatalogError {
            if case .invalidFields(let problems) = error {
                for problem in problems.problems { Console.error("\(problem.path): \(problem.problem)") }
                return 65
            }
            Console.error("herald render: \(error)")
            return error.httpStatus == 404 ? 64 : 70
        } catch {
            Console.error("herald render: \(error)")
            return 70
        }
    }

    private static func parseTime(_ text: String) throws -> Date {
        do {
            return try Timestamp(parsing: text).date
        } catch {
            throw ArgumentError.unexpected("--now: \(error)")
        }
    }
}
