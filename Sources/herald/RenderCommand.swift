import Foundation
import Herald
import Messages

/// `herald render <message> --locale fr --context FILE [--format subject|html|text|eml] [--to ADDR]`:
/// the same decode → render → compose path as the send API, printed instead of sent.
enum RenderCommand: HeraldCommand {
    static let name = "render"
    static let summary = "render a message from a JSON context (subject, html, text or eml)"
    static let usage = "herald render <message> --locale fr --context FILE [--format subject|html|text|eml] [--to ADDR] [--now RFC3339] [--id ID]"
    static let options: [CommandOption] = [
        .value("locale", "LOCALE", "the locale to render (fr, en, …); another falls back with a note", default: "en"),
        .value("context", "FILE", "the message's JSON context (required)"),
        .value("format", "subject|html|text|eml", "the part to print", default: "eml"),
        .value("to", "ADDR", "the recipient, \"Name <addr>\" or an address", default: "a placeholder recipient"),
        .value("now", "RFC3339", "the send time: the Date header and what \"tomorrow\" means", default: "now"),
        .value("id", "ID", "the message id in the headers", default: "render-<uuid>"),
    ] + CommandOption.settings(ConfigurationSetting.composition)

    static func run(_ options: Arguments, configuration: HeraldConfiguration) throws -> Int32 {
        guard options.positionals.count == 1, let message = options.positionals.first else {
            throw ArgumentError.unexpected("usage: " + usage)
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

        let context = try JSONFile.read(contextPath)
        let templates = URL(fileURLWithPath: configuration.templatesPath)
        let renderer = try MessageRenderer(templatesDirectory: templates, brand: configuration.brand)
        let catalog = configuration.catalog(renderer: renderer)
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
    }

    static func exitStatus(reporting error: any Error) -> Int32 {
        compositionExitStatus(reporting: error)
    }

    private static func parseTime(_ text: String) throws -> Date {
        do {
            return try Timestamp(parsing: text).date
        } catch {
            throw ArgumentError.unexpected("--now: \(error)")
        }
    }
}
