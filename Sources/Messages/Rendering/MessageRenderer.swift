import Foundation
import Template

/// Renders the three parts of a message from its typed context through the shared templates and
/// the locale's catalog.
///
/// One pipeline for everything (send API, `herald render`, previews, tests): decode → view → render.
/// Each message's structure exists once (`Templates/<message>/{subject,html,text}`); its words are
/// the catalog's texts, included as `{{>t/<key>}}` partials compiled per locale and part.
/// Templates are rendered in strict mode: a misspelt name is an error with `file:line:col`, never a blank.
public struct MessageRenderer: Sendable {
    /// The shared templates, without any locale's words.
    public let library: TemplateLibrary
    package let catalogs: LocaleCatalogs
    public let brand: Brand
    /// The shared templates plus one locale's words, for the HTML part and for subject and text.
    private let libraries: [TemplateLanguage: (html: TemplateLibrary, text: TemplateLibrary)]

    package init(library: TemplateLibrary, catalogs: LocaleCatalogs, brand: Brand = .sample) {
        self.library = library
        self.catalogs = catalogs
        self.brand = brand
        var libraries: [TemplateLanguage: (html: TemplateLibrary, text: TemplateLibrary)] = [:]
        for language in catalogs.languages {
            guard let catalog = catalogs[language] else { continue }
            libraries[language] = (Self.library(library, adding: catalog.htmlWords), Self.library(library, adding: catalog.textWords))
        }
        self.libraries = libraries
    }

    /// Loads every template below `templatesDirectory` and the catalogs in its `_locales/`, and
    /// checks that each message has all three parts and each catalog every word Herald computes, so
    /// a wrong folder or a broken catalog fails at startup rather than on the first send.
    public init(templatesDirectory: URL, brand: Brand = .sample) throws(TemplateError) {
        let library = try TemplateLibrary(directory: templatesDirectory)
        for kind in MessageKind.allCases {
            for part in MessagePart.allCases where library[Self.templateName(kind, part)] == nil {
                let file = templatesDirectory.appendingPathComponent(Self.templateName(kind, part) + ".mustache").path
                throw TemplateError(.unreadableFile(path: file, detail: "no such template"), at: nil)
            }
        }
        let directory = LocaleCatalogs.directory(in: templatesDirectory)
        let (catalogs, problems) = LocaleCatalogs.load(directory: directory)
        let computedProblems = catalogs.languages.compactMap { catalogs[$0] }.flatMap(Phrasebook.problems(in:))
        if let first = (problems + computedProblems).first {
            throw TemplateError(.unreadableFile(path: directory.path, detail: first), at: nil)
        }
        self.init(library: library, catalogs: catalogs, brand: brand)
    }

    /// The template name of one part: `installment-paid/html`.
    public static func templateName(_ kind: MessageKind, _ part: MessagePart) -> String {
        "\(kind.rawValue)/\(part.rawValue)"
    }

    /// The languages messages can be rendered in (`de`, `en`, `fr`).
    public var languages: [TemplateLanguage] { catalogs.languages }

    /// The shared templates plus one locale's words, for one part (what `herald check` analyses).
    public func library(for language: TemplateLanguage, _ contentType: ContentType) -> TemplateLibrary? {
        libraries[language].map { contentType == .html ? $0.html : $0.text }
    }

    /// The environment a render at `now` for `locale` uses.
    public func environment(locale: String?, now: Date) -> RenderEnvironmentValues {
        let resolution = LocaleResolution(requested: locale, catalogs: catalogs)
        return RenderEnvironmentValues(locale: resolution, brand: brand, now: now, catalog: catalogs[resolution.language])
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
        do throws(TemplateError) {
            guard let libraries = libraries[language], let catalog = catalogs[language] else {
                throw TemplateError(.unknownTemplate("_locales/\(language.rawValue).json"), at: nil)
            }
            let value = context.templateValue(in: environment)
            var bytes: [UInt8] = []
            func part(_ part: MessagePart, _ contentType: ContentType) throws(TemplateError) -> String {
                let options = RenderOptions(contentType: contentType, mode: .strict, locale: environment.locale.formattingLocale,
                                            formattingOverrides: catalog.formattingOverrides)
                try (contentType == .html ? libraries.html : libraries.text).render(Self.templateName(kind, part), value, into: &bytes, options: options)
                return String(renderedBytes: bytes)
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
        guard separatorsAreCharacters(text) else {
            return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }).joined(separator: " ")
        }
        // One pass over the bytes: a run of separators becomes one space between words.
        var words: [UInt8] = []
        words.reserveCapacity(text.utf8.count)
        var spaceBeforeNextWord = false
        for byte in text.utf8 {
            if byte == 32 || byte == 10 || byte == 13 || byte == 9 {
                spaceBeforeNextWord = !words.isEmpty
                continue
            }
            if spaceBeforeNextWord {
                words.append(32)
                spaceBeforeNextWord = false
            }
            words.append(byte)
        }
        return String(decoding: words, as: UTF8.self)
    }

    /// True when every space, tab, CR and LF of `text` is a `Character` of its own, so splitting the
    /// bytes splits the characters (grapheme breaking per character was most of a subject's cost):
    /// no CR before an LF, nothing before a separator that could prepend to it (those scalars are
    /// at U+0600 and above, outside U+2010–U+2BFF), and nothing after it that could extend it
    /// (combining marks, joiners and spacing marks start at U+0300, outside U+2010–U+20CF).
    /// Conservative: a text it is unsure of is split by characters.
    private static func separatorsAreCharacters(_ text: String) -> Bool {
        func isSeparator(_ value: UInt32) -> Bool { value == 32 || value == 10 || value == 13 || value == 9 }
        var previous: UInt32?
        var separatorBefore: UInt32?
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if let separator = separatorBefore {
                if separator == 13, value == 10 { return false }
                guard isSeparator(value) || value < 0x300 || (0x2010...0x20CF).contains(value) else { return false }
                separatorBefore = nil
            }
            if isSeparator(value) {
                if let previous, !(previous < 0x600 || (0x2010...0x2BFF).contains(previous)) { return false }
                separatorBefore = value
            }
            previous = value
        }
        return true
    }

    private static func library(_ shared: TemplateLibrary, adding words: [CompiledTemplate]) -> TemplateLibrary {
        var library = shared
        for word in words { library.register(word) }
        return library
    }
}

/// The three templates every message has.
public enum MessagePart: String, CaseIterable, Sendable {
    case subject, html, text
}
