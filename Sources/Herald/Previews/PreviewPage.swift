import Messages

/// The HTML of the preview pages (README "Preview pages"): plain markup built from escaped values.
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

    static func document(title: String, _ body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title><style>\(PreviewStyle.css)</style></head>
        <body><header><a href="/previews">Herald previews</a></header><main>
        \(body)
        </main></body></html>
        """
    }

    static func index(samples: [PreviewSample], languages: [TemplateLanguage], problems: [String]) -> String {
        var rows = ""
        for kind in MessageKind.allCases {
            let ofKind = samples.filter { $0.kind == kind }
            for (position, sample) in ofKind.enumerated() {
                rows += "<tr>"
                if position == 0 { rows += "<th rowspan=\"\(ofKind.count)\">\(HTMLText.escape(kind.rawValue))</th>" }
                rows += "<td>\(HTMLText.escape(sample.variant))</td>"
                for language in languages {
                    let link = path(kind, sample.variant, locale: language)
                    rows += "<td><a href=\"\(HTMLText.escape(link))\">\(language.rawValue)</a></td>"
                }
                rows += "</tr>\n"
            }
        }
        var body = "<h1>Messages × locales × variants</h1>\n"
        body += "<table><thead><tr><th>message</th><th>variant</th>"
        body += languages.map { "<th>\($0.rawValue)</th>" }.joined()
        body += "</tr></thead><tbody>\n\(rows)</tbody></table>"
        if !problems.isEmpty {
            body += "<h2>Samples that could not be read</h2><ul class=\"problems\">"
            body += problems.map { "<li>\(HTMLText.escape($0))</li>" }.joined()
            body += "</ul>"
        }
        return document(title: "Herald previews", body)
    }

    static func preview(_ content: Content) -> String {
        let kind = content.kind
        var body = "<h1>\(HTMLText.escape(kind.rawValue)) · \(HTMLText.escape(content.variant)) · \(content.locale.rawValue)</h1>\n"
        body += "<nav class=\"switch\" aria-label=\"locale\">Locale: "
        body += content.languages.map { language in
            language == content.locale ? "<strong>\(language.rawValue)</strong>"
                : "<a href=\"\(HTMLText.escape(path(kind, content.variant, locale: language, mobile: content.mobile)))\">\(language.rawValue)</a>"
        }.joined(separator: " ")
        body += "</nav>\n<nav class=\"switch\" aria-label=\"variant\">Variant: "
        body += content.variants.map { variant in
            variant == content.variant ? "<strong>\(HTMLText.escape(variant))</strong>"
                : "<a href=\"\(HTMLText.escape(path(kind, variant, locale: content.locale, mobile: content.mobile)))\">\(HTMLText.escape(variant))</a>"
        }.joined(separator: " ")
        body += "</nav>\n<nav class=\"switch\" aria-label=\"width\">Width: "
        body += content.mobile
            ? "<a href=\"\(HTMLText.escape(path(kind, content.variant, locale: content.locale)))\">desktop</a> <strong>mobile</strong>"
            : "<strong>desktop</strong> <a href=\"\(HTMLText.escape(path(kind, content.variant, locale: content.locale, mobile: true)))\">mobile</a>"
        body += "</nav>\n"
        if let note = content.localeNote { body += "<p class=\"note\">\(HTMLText.escape(note))</p>\n" }
        if let failure = content.failure {
            body += "<h2>Error</h2><pre class=\"problems\">\(HTMLText.escape(failure))</pre>\n"
        }
        if let message = content.message {
            body += "<h2>Subject</h2><div class=\"subject\" id=\"subject\">\(HTMLText.escape(message.subject))</div>\n"
            body += "<h2>HTML</h2><div class=\"frame\"><iframe id=\"html\" title=\"HTML part\" sandbox=\"\" referrerpolicy=\"no-referrer\"\(content.mobile ? " class=\"mobile\"" : "") srcdoc=\"\(HTMLText.escape(message.html))\"></iframe></div>\n"
            body += "<h2>Text</h2><pre id=\"text\">\(HTMLText.escape(message.text))</pre>\n"
            let emlLink = path(kind, content.variant, locale: content.locale, suffix: "eml")
            body += "<h2>Raw .eml <a class=\"note\" href=\"\(HTMLText.escape(emlLink))\">download</a></h2><pre id=\"eml\">\(HTMLText.escape(message.eml))</pre>\n"
        }
        body += "<h2>Context</h2>\n"
        if !content.problems.isEmpty {
            body += "<ul class=\"problems\" id=\"problems\">"
            body += content.problems.map { "<li><code>\(HTMLText.escape($0.path))</code> \(HTMLText.escape($0.problem))</li>" }.joined()
            body += "</ul>\n"
        }
        let action = path(kind, content.variant, locale: content.locale, mobile: content.mobile)
        body += "<form method=\"post\" action=\"\(HTMLText.escape(action))\">"
        body += "<textarea name=\"context\" id=\"context\" spellcheck=\"false\" aria-label=\"context JSON\">\(HTMLText.escape(content.contextText))</textarea>"
        body += "<p><button type=\"submit\">Re-render</button> "
        body += content.edited ? "<a href=\"\(HTMLText.escape(action))\">back to the sample</a>" : "<span class=\"note\">edit the JSON and re-render; nothing is sent</span>"
        body += "</p></form>\n"
        return document(title: "\(kind.rawValue) · \(content.variant) · \(content.locale.rawValue) — Herald preview", body)
    }

    /// `/previews/<message>/<variant>[/<suffix>]?locale=…[&width=mobile]`.
    static func path(_ kind: MessageKind, _ variant: String, locale: TemplateLanguage, mobile: Bool = false, suffix: String? = nil) -> String {
        var path = "/previews/\(HTMLText.urlComponent(kind.rawValue))/\(HTMLText.urlComponent(variant))"
        if let suffix { path += "/\(suffix)" }
        path += "?locale=\(locale.rawValue)"
        if mobile { path += "&width=mobile" }
        return path
    }
}
