import Template

/// The preview pages' Mustache templates, compiled once and rendered by Herald's own engine in
/// strict mode: every value goes through `{{name}}`, so the engine escapes it (over UTF-8 bytes);
/// there is no triple mustache and no hand-built markup.
///
/// The sources live here, as Swift strings beside the code that fills them, rather than as
/// package resources: `herald` stays one self-contained binary that serves its pages from any
/// working directory, with no resource bundle to ship beside it or to look up at run time.
/// (The repository's `Previews/` folder holds the sample contexts, not these pages.)
enum PreviewTemplates {
    /// Every page's frame: the `title` and `body` blocks are what a page fills in.
    static let layout = """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{$title}}{{/title}}</title><style>{{>style}}</style></head>
    <body><header><a href="/previews">Herald previews</a></header><main>
    {{$body}}{{/body}}
    </main></body></html>
    """

    /// `/previews`: one row per message and variant, one link per locale.
    static let index = """
    {{<layout}}
    {{$title}}Herald previews{{/title}}
    {{$body}}
    <h1>Messages × locales × variants</h1>
    <table><thead><tr><th>message</th><th>variant</th>{{#locales}}<th>{{.}}</th>{{/locales}}</tr></thead><tbody>
    {{#rows}}
    <tr>{{#first}}<th rowspan="{{rowspan}}">{{kind}}</th>{{/first}}<td>{{variant}}</td>{{#links}}<td><a href="{{href}}">{{label}}</a></td>{{/links}}</tr>
    {{/rows}}
    </tbody></table>{{#hasProblems}}<h2>Samples that could not be read</h2><ul class="problems">{{#problems}}<li>{{.}}</li>{{/problems}}</ul>{{/hasProblems}}{{/body}}
    {{/layout}}
    """

    /// One preview: the switches, the rendered parts, and the context editor.
    static let preview = """
    {{<layout}}
    {{$title}}{{kind}} · {{variant}} · {{locale}} — Herald preview{{/title}}
    {{$body}}
    <h1>{{kind}} · {{variant}} · {{locale}}</h1>
    <nav class="switch" aria-label="locale">Locale: {{#localeLinks}}{{>switch}}{{/localeLinks}}</nav>
    <nav class="switch" aria-label="variant">Variant: {{#variantLinks}}{{>switch}}{{/variantLinks}}</nav>
    <nav class="switch" aria-label="width">Width: {{#widthLinks}}{{>switch}}{{/widthLinks}}</nav>
    <nav class="switch" aria-label="colour scheme">Scheme: {{#schemeLinks}}{{>switch}}{{/schemeLinks}}</nav>
    {{#localeNote}}
    <p class="note">{{.}}</p>
    {{/localeNote}}
    {{#failure}}
    <h2>Error</h2><pre class="problems">{{.}}</pre>
    {{/failure}}
    {{#message}}
    <h2>Subject</h2><div class="subject" id="subject">{{subject}}</div>
    <h2>Headers</h2><table id="headers"><tbody>{{#headers}}<tr><th scope="row">{{name}}</th><td>{{value}}</td></tr>{{/headers}}</tbody></table>
    <h2>HTML</h2><div class="frame"><iframe id="html" title="HTML part" sandbox="allow-same-origin" referrerpolicy="no-referrer" class="{{frameClass}}" srcdoc="{{html}}"></iframe></div>
    <script nonce="{{scriptNonce}}">{{>fitFrame}}</script>
    <h2>Text</h2><pre id="text">{{text}}</pre>
    {{#hasAttachments}}
    <h2>Attachments</h2><table id="attachments"><thead><tr><th scope="col">File</th><th scope="col">Type</th><th scope="col">Size</th><th scope="col">SHA-256</th></tr></thead><tbody>{{#attachments}}<tr><td>{{filename}}</td><td>{{contentType}}</td><td>{{size}}</td><td><code>{{sha256}}</code></td></tr>{{/attachments}}</tbody></table>
    {{/hasAttachments}}
    <h2>Raw .eml <a class="note" href="{{emlLink}}">download</a></h2><pre id="eml">{{eml}}</pre>
    {{/message}}
    <h2>Context</h2>
    {{#hasProblems}}
    <ul class="problems" id="problems">{{#problems}}<li><code>{{path}}</code> {{problem}}</li>{{/problems}}</ul>
    {{/hasProblems}}
    <form method="post" action="{{action}}"><textarea name="context" id="context" spellcheck="false" aria-label="context JSON">{{contextText}}</textarea><p><button type="submit">Re-render</button> {{#edited}}<a href="{{action}}">back to the sample</a>{{/edited}}{{^edited}}<span class="note">edit the JSON and re-render; nothing is sent</span>{{/edited}}</p></form>
    {{/body}}
    {{/layout}}
    """

    /// The page's one script (allowed by its nonce): the iframe takes the height of the HTML part,
    /// so nothing of it (the footer) is cut off. The part itself runs no script: its sandbox only
    /// allows this page to read its height (`allow-same-origin`), never `allow-scripts`.
    static let fitFrame = """
    (function () {
      var frame = document.getElementById('html');
      if (!frame) { return; }
      function fit() {
        var part = frame.contentDocument;
        // The root element's own height: scrollHeight would never shrink below the frame's.
        if (part && part.documentElement) { frame.style.height = Math.ceil(part.documentElement.getBoundingClientRect().height) + 'px'; }
      }
      frame.addEventListener('load', fit);
      window.addEventListener('resize', fit);
      fit();
    })();
    """

    /// One choice of a switch (locale, variant, width): the current one as text, the others as
    /// links, separated by a space.
    static let switchChoice = """
    {{^first}} {{/first}}{{#current}}<strong>{{label}}</strong>{{/current}}{{^current}}<a href="{{href}}">{{label}}</a>{{/current}}
    """

    /// The pages compiled once; a template that does not compile is reported by every page.
    static let library: Result<TemplateLibrary, TemplateError> = Result { () throws(TemplateError) in
        TemplateLibrary([
            try CompiledTemplate(source: layout, name: "layout"),
            try CompiledTemplate(source: PreviewStyle.css, name: "style"),
            try CompiledTemplate(source: index, name: "index"),
            try CompiledTemplate(source: preview, name: "preview"),
            try CompiledTemplate(source: switchChoice, name: "switch"),
            try CompiledTemplate(source: fitFrame, name: "fitFrame"),
        ])
    }

    /// Renders page `name` of the library, HTML-escaping every value; strict, so a name the view
    /// lacks is an error rather than a silently empty spot.
    static func render(_ name: String, _ view: some Encodable) throws(TemplateError) -> String {
        try library.get().render(name, view, options: RenderOptions(contentType: .html, mode: .strict))
    }
}
