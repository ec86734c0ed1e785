import Foundation
import Template

/// Renders the three parts of a message from its typed context through the shared template library.
///
/// One pipeline for everything (send API, `herald render`, previews, tests): decode → view → render.
/// Templates are rendered in strict mode: a misspelt name is an error with `file:line:col`, never a blank.
public struct MessageRenderer: Sendable {
    public let library: TemplateLibrary
    public let brand: Brand

    public init(library: TemplateLibrary, brand: Brand = .sample) {
        self.library = library
        self.brand = brand
    }

    /// Loads `Templates/` (every `*.mustache` below it); the first template that does not parse is the error.
    /// Loads every template below `templatesDirectory` and checks that each message has all three
    /// parts in every locale, so a wrong folder fails at startup rather than on the first send.
    public init(templatesDirectory: URL, brand: Brand = .sample) throws(TemplateError) {
        let library = try TemplateLibrary(directory: templatesDirectory)
        for kind in MessageKind.allCases {
            for language in TemplateLanguage.allCases {
                for part in MessagePart.allCases where library[Self.templateName(kind, language, part)] == nil {
                    let file = templatesDirectory.appendingPathComponent(Self.templateName(kind, language, part) + ".mustache").path
                    throw TemplateError(.unreadableFile(path: file, detail: "no such template"), at: nil)
                }
            }
        }
        self.init(library: library, brand: brand)
    }

    /// The template name of one part: `installment-paid/fr.html`.
    public static func templateName(_ kind: MessageKind, _ language: TemplateLanguage, _ part: MessagePart) -> String {
        "\(kind.rawValue)/\(language.rawValue).\(part.rawValue)"
    }

    /// The environment a render at `now` for `locale` uses.
    public func environment(locale: String?, now: Date) -> RenderEnvironmentValues {
        RenderEnvironmentValues(locale: LocaleResolution(requested: locale), brand: brand, now: now)
    }

    /// Decodes `json` as `kind`'s context (every problem with its path) and renders it.
    public func render(_ kind: MessageKind, context json: JSONValue, locale: String?, now: Date) throws(CatalogError) -> RenderedMessage {
        let environment = environment(locale: locale, now: now)
        let context: any MessageContext
        do {
            context = try kind.decodeContext(json, environment: environment)
        } catch {
            throw .invalidFields(error)
        }
        return try render(context, environment: environment)
    }

    /// Renders an already typed context.
    public func render(_ context: any MessageContext, environment: RenderEnvironmentValues) throws(CatalogError) -> RenderedMessage {
        let kind = type(of: context).kind
        let language = environment.locale.language
        let formatting = environment.locale.formattingLocale
        do {
            let value = try TemplateEncoder().encode(context.view(in: environment))
            func part(_ part: MessagePart, _ contentType: ContentType) throws(TemplateError) -> String {
                try library.render(Self.templateName(kind, language, part), value,
                                   options: RenderOptions(contentType: contentType, mode: .strict, locale: formatting))
            }
            let subject = try part(.subject, .text)
            return RenderedMessage(
                kind: kind, locale: environment.locale, subject: Self.oneLine(subject),
                html: try part(.html, .html), text: try part(.text, .text))
        } catch {
            throw .template(error)
        }
    }

    /// Subjects are one line: template line breaks and runs of spaces become single spaces.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
    }
}

/// The three templates every message has in every locale.
public enum MessagePart: String, CaseIterable, Sendable {
    case subject, html, text
}
