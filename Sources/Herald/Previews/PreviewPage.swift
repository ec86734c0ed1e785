import Foundation
import Messages
import Template

/// The HTML of the preview pages (README "Preview pages"): the view each page's template
/// (`PreviewTemplates`) is rendered with. Values are plain text here; the engine escapes them.
enum PreviewPage {
    /// What one preview page shows.
    struct Content {
        var kind: MessageKind
        var variant: String
        var variants: [String]
        var locale: TemplateLanguage
        /// Every language with a catalog, for the locale switch.
        var languages: [TemplateLanguage]
        var mobile: Bool
        /// The context text in the editor (the sample, or what the developer posted).
        var contextText: String
        /// Whether `contextText` is an edit rather than the stored sample.
        var edited: Bool
        var message: ComposedMessage?
        var localeNote: String?
        /// Problems to show above the editor, with their field paths.
        var problems: [(path: String, problem: String)]
        var failure: String?
    }

    /// A link of a switch or of the index; `current` is shown as text, not as a link.
    private struct Link: Encodable {
        var label: String
        var href: String
        var current = false
        var first = false

        /// Marks the first of `links`, which the template writes without a separator before it.
        static func series(_ links: [Link]) -> [Link] {
            links.enumerated().map { position, link in
                var link = link
                link.first = position == 0
                return link
            }
        }
    }

    private struct IndexView: Encodable {
        struct Row: Encodable {
            var kind, variant: String
            /// The first row of a message names it, spanning all its variants' rows.
            var first: Bool
            var rowspan: Int
            var links: [Link]
        }

        var locales: [String]
        var rows: [Row]
        var hasProblems: Bool
        var problems: [String]
    }

    private struct PreviewView: Encodable {
        struct Message: Encodable {
            var subject, html, text, eml: String
            var hasAttachments: Bool
            var attachments: [Attachment]
        }
        struct Attachment: Encodable { var filename, contentType, size, sha256: String }
        struct Problem: Encodable { var path, problem: String }

        var kind, variant, locale: String
        var localeLinks, variantLinks, widthLinks: [Link]
        var mobile: Bool
        var localeNote, failure: String?
        var message: Message?
        var emlLink: String
        var hasProblems: Bool
        var problems: [Problem]
        var action, contextText: String
        var edited: Bool
    }

    static func index(samples: [PreviewSample], languages: [TemplateLanguage], problems: [String]) throws(TemplateError) -> String {
        var rows: [IndexView.Row] = []
        for kind in MessageKind.allCases {
            let ofKind = samples.filter { $0.kind == kind }
            for (position, sample) in ofKind.enumerated() {
                let links = languages.map { Link(label: $0.rawValue, href: path(kind, sample.variant, locale: $0)) }
                rows.append(IndexView.Row(kind: kind.rawValue, variant: sample.variant, first: position == 0, rowspan: ofKind.count, links: links))
            }
        }
        let view = IndexView(locales: languages.map(\.rawValue), rows: rows, hasProblems: !problems.isEmpty, problems: problems)
        return try PreviewTemplates.render("index", view)
    }

    static func preview(_ content: Content) throws(TemplateError) -> String {
        let kind = content.kind
        let localeLinks = content.languages.map { language in
            Link(label: language.rawValue, href: path(kind, content.variant, locale: language, mobile: content.mobile), current: language == content.locale)
        }
        let variantLinks = content.variants.map { variant in
            Link(label: variant, href: path(kind, variant, locale: content.locale, mobile: content.mobile), current: variant == content.variant)
        }
        let widthLinks = [
            Link(label: "desktop", href: path(kind, content.variant, locale: content.locale), current: !content.mobile),
            Link(label: "mobile", href: path(kind, content.variant, locale: content.locale, mobile: true), current: content.mobile),
        ]
        let view = PreviewView(
            kind: kind.rawValue, variant: content.variant, locale: content.locale.rawValue,
            localeLinks: Link.series(localeLinks), variantLinks: Link.series(variantLinks), widthLinks: Link.series(widthLinks),
            mobile: content.mobile, localeNote: content.localeNote, failure: content.failure,
            message: content.message.map { message in
                let attachments = (message.attachments ?? []).map {
                    PreviewView.Attachment(filename: $0.filename, contentType: $0.contentType, size: "\($0.size) bytes", sha256: $0.sha256)
                }
                return PreviewView.Message(
                    subject: message.subject, html: message.html, text: message.text, eml: message.eml,
                    hasAttachments: !attachments.isEmpty, attachments: attachments)
            },
            emlLink: path(kind, content.variant, locale: content.locale, suffix: "eml"),
            hasProblems: !content.problems.isEmpty, problems: content.problems.map { PreviewView.Problem(path: $0.path, problem: $0.problem) },
            action: path(kind, content.variant, locale: content.locale, mobile: content.mobile),
            contextText: content.contextText, edited: content.edited)
        return try PreviewTemplates.render("preview", view)
    }

    /// `/previews/<message>/<variant>[/<suffix>]?locale=…[&width=mobile]`, names percent-encoded.
    static func path(_ kind: MessageKind, _ variant: String, locale: TemplateLanguage, mobile: Bool = false, suffix: String? = nil) -> String {
        var path = "/previews/\(urlComponent(kind.rawValue))/\(urlComponent(variant))"
        if let suffix { path += "/\(suffix)" }
        path += "?locale=\(locale.rawValue)"
        if mobile { path += "&width=mobile" }
        return path
    }

    /// A path segment for a link: reserved characters encoded, so a name stays one segment.
    private static func urlComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?&=#+"))) ?? ""
    }
}
