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
        /// The width the HTML part is shown at.
        var width: PreviewWidth
        /// Whether the HTML part is shown with `prefers-color-scheme: dark`.
        var dark: Bool
        /// The nonce of the page's one script (it fits the iframe to its content), fresh per response.
        var scriptNonce: String
        /// The context text in the editor (the sample, or what the developer posted).
        var contextText: String
        /// Whether `contextText` is an edit rather than the stored sample.
        var edited: Bool
        var message: ComposedMessage?
        /// `message`'s header fields as shown (`headers(of:)`), decoded once per composed message.
        var headers: [(name: String, value: String)]
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
            /// The message's top-level headers as sent, encoded-words decoded.
            var headers: [Header]
            var hasAttachments: Bool
            var attachments: [Attachment]
        }
        struct Header: Encodable { var name, value: String }
        struct Attachment: Encodable { var filename, contentType, size, sha256: String }
        struct Problem: Encodable { var path, problem: String }

        var kind, variant, locale: String
        var localeLinks, variantLinks, widthLinks, schemeLinks: [Link]
        /// The iframe's classes: its width (`w375`, `w320`) and `dark`.
        var frameClass: String
        var scriptNonce: String
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
        func link(_ label: String, locale: TemplateLanguage? = nil, variant: String? = nil, width: PreviewWidth? = nil, dark: Bool? = nil,
                  current: Bool) -> Link {
            Link(label: label, href: path(kind, variant ?? content.variant, locale: locale ?? content.locale, width: width ?? content.width,
                                          dark: dark ?? content.dark), current: current)
        }
        let localeLinks = content.languages.map { link($0.rawValue, locale: $0, current: $0 == content.locale) }
        let variantLinks = content.variants.map { link($0, variant: $0, current: $0 == content.variant) }
        let widthLinks = PreviewWidth.allCases.map { link($0.label, width: $0, current: $0 == content.width) }
        let schemeLinks = [link("light", dark: false, current: !content.dark), link("dark", dark: true, current: content.dark)]
        let view = PreviewView(
            kind: kind.rawValue, variant: content.variant, locale: content.locale.rawValue,
            localeLinks: Link.series(localeLinks), variantLinks: Link.series(variantLinks), widthLinks: Link.series(widthLinks),
            schemeLinks: Link.series(schemeLinks),
            frameClass: ([content.width.frameClass] + (content.dark ? ["dark"] : [])).compactMap(\.self).joined(separator: " "),
            scriptNonce: content.scriptNonce, localeNote: content.localeNote, failure: content.failure,
            message: content.message.map { message in
                let attachments = (message.attachments ?? []).map {
                    PreviewView.Attachment(filename: $0.filename, contentType: $0.contentType, size: "\($0.size) bytes", sha256: $0.sha256)
                }
                return PreviewView.Message(
                    subject: message.subject, html: message.html, text: message.text, eml: message.eml,
                    headers: content.headers.map { PreviewView.Header(name: $0.name, value: $0.value) },
                    hasAttachments: !attachments.isEmpty, attachments: attachments)
            },
            emlLink: path(kind, content.variant, locale: content.locale, suffix: "eml"),
            hasProblems: !content.problems.isEmpty, problems: content.problems.map { PreviewView.Problem(path: $0.path, problem: $0.problem) },
            action: path(kind, content.variant, locale: content.locale, width: content.width, dark: content.dark),
            contextText: content.contextText, edited: content.edited)
        return try PreviewTemplates.render("preview", view)
    }

    /// `/previews/<message>/<variant>[/<suffix>]?locale=…[&width=375|320][&scheme=dark]`, names percent-encoded.
    static func path(_ kind: MessageKind, _ variant: String, locale: TemplateLanguage, width: PreviewWidth = .desktop, dark: Bool = false,
                     suffix: String? = nil) -> String {
        var path = "/previews/\(urlComponent(kind.rawValue))/\(urlComponent(variant))"
        if let suffix { path += "/\(suffix)" }
        path += "?locale=\(locale.rawValue)"
        if let value = width.queryValue { path += "&width=\(value)" }
        if dark { path += "&scheme=dark" }
        return path
    }

    /// The top-level header fields of a composed message, unfolded and with encoded-words decoded:
    /// what a recipient's client shows (From, Reply-To, To, Subject, Date, Message-ID, Auto-Submitted…).
    static func headers(of eml: String) -> [(name: String, value: String)] {
        ParsedEmail.headers(of: eml).map { ($0.name, EncodedWord.decodeHeaderValue($0.value).replacingOccurrences(of: "\r\n", with: "")) }
    }

    /// A path segment for a link: reserved characters encoded, so a name stays one segment.
    private static func urlComponent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?&=#+"))) ?? ""
    }
}
