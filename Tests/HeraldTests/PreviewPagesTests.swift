import Foundation
import HeadlessBrowser
import HeraldTesting
import Testing
import TestSupport

/// The developer preview pages (README "Preview pages"): in process, and in headless Chromium
/// against the real binary.
@Suite(.serialized) struct PreviewPagesTests {
    @Test func indexListsEveryMessageLocaleAndVariantInChromium() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let dom = try HeadlessChromium().dumpDOM("http://127.0.0.1:\(herald.port)/previews")
        #expect(dom.contains("<title>Herald previews</title>"))
        let previews = HeraldBinary.repositoryRoot.appendingPathComponent("Previews")
        for kind in SendRequests.kinds {
            let variants = try FileManager.default.contentsOfDirectory(atPath: previews.appendingPathComponent(kind).path)
                .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".attachments.json") }.map { String($0.dropLast(5)) }
            #expect(!variants.isEmpty)
            for variant in variants {
                for locale in ["de", "en", "fr"] {
                    #expect(dom.contains("href=\"/previews/\(kind)/\(variant)?locale=\(locale)\""), "\(kind)/\(variant) \(locale)")
                }
            }
        }
    }

    @Test func previewPageShowsEveryViewInChromium() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let chromium = try HeadlessChromium()
        let base = "http://127.0.0.1:\(herald.port)/previews/installment-paid/first-installment"
        let dom = try chromium.dumpDOM(base + "?locale=fr")
        #expect(dom.contains("id=\"subject\""))
        #expect(dom.contains("200,00"), "amount formatted for fr in the subject")
        #expect(dom.contains("<iframe id=\"html\""))
        #expect(dom.contains("sandbox=\"allow-same-origin\""), "the part runs no script")
        #expect(dom.contains("srcdoc=\"&lt;!"), "the HTML part is in the sandboxed iframe")
        #expect(dom.contains("<pre id=\"text\">"))
        #expect(dom.contains("<pre id=\"eml\">"))
        #expect(dom.contains("MIME-Version: 1.0"))
        #expect(dom.contains("<strong>fr</strong>"))
        #expect(dom.contains("href=\"/previews/installment-paid/first-installment?locale=en\""))
        #expect(dom.contains("href=\"/previews/installment-paid/first-installment?locale=fr&amp;width=320\""))
        #expect(dom.contains("<th scope=\"row\">Auto-Submitted</th><td>auto-generated</td>"))
        #expect(dom.contains("<textarea name=\"context\""))
        #expect(dom.contains("href=\"/previews/installment-paid/first-installment/eml?locale=fr\""))

        let phone = try chromium.dumpDOM(base + "?locale=en&width=320&scheme=dark")
        #expect(phone.contains("class=\"w320 dark\""))
        #expect(phone.contains("<strong>320 px</strong>") && phone.contains("<strong>dark</strong>"))

        let shot = herald.directory.appendingPathComponent("preview.png")
        #expect(try chromium.screenshot(base + "?locale=fr", to: shot) > 20_000, "the page paints")
    }

    /// The page's script gives the iframe the height of the HTML part it shows (so the footer is
    /// never cut off): taller at 320 px, where the text wraps more, than at the desktop width, and
    /// as tall as the part is when laid out alone at that width.
    @Test func theFrameFitsItsContentAtEveryWidthInChromium() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let chromium = try HeadlessChromium()
        let base = "http://127.0.0.1:\(herald.port)/previews/installment-paid/first-installment"
        func fittedHeight(_ query: String) throws -> Int {
            let dom = try chromium.dumpDOM(base + query)
            let height = dom.firstMatch(of: /<iframe id="html"[^>]* style="height: (\d+)px;"/)?.1
            return try #require(height.flatMap { Int($0) }, "the frame was not fitted: \(query)")
        }
        let desktop = try fittedHeight("?locale=de")
        let narrow = try fittedHeight("?locale=de&width=320")
        #expect(desktop > 720, "the part is longer than the frame's default height")
        #expect(narrow > desktop)
        let part = try HTTPClient(port: herald.port).get("/previews/installment-paid/first-installment/html?locale=de").text
        let alone = try FrameBatch(probe: "return Math.ceil(document.documentElement.getBoundingClientRect().height);")
            .run([FrameBatch.Frame(html: part, width: 320)], in: chromium)
        #expect(String(decoding: alone.first ?? Data(), as: UTF8.self) == "\(narrow)", "the fitted height is the part's own height at 320 px")
    }

    /// The context form posts an invalid context; the page answers with every problem and its field path.
    @Test func invalidContextShowsFieldPathsInChromium() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let form = herald.directory.appendingPathComponent("post.html")
        try """
        <!doctype html><form id="f" method="post" action="http://127.0.0.1:\(herald.port)/previews/installment-paid/first-installment?locale=fr">
        <textarea name="context">{"productTitle": 5, "schedule": [{"number": "one"}]}</textarea></form>
        <script>document.getElementById("f").submit()</script>
        """.write(to: form, atomically: true, encoding: .utf8)
        let dom = try HeadlessChromium().dumpDOM(form.absoluteString)
        #expect(dom.contains("<ul class=\"problems\" id=\"problems\">"))
        #expect(dom.contains("<code>context.productTitle</code> expected a string, got a number"))
        #expect(dom.contains("<code>context.schedule[0].number</code>"))
        #expect(dom.contains("{\"productTitle\": 5, \"schedule\": [{\"number\": \"one\"}]}"), "the edit is kept in the editor")
    }

    @Test func postedContextsRenderAndBadOnesAnswer4xx() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        let path = "/previews/all-paid/last-installment?locale=en"
        let sample = try String(contentsOf: HeraldBinary.repositoryRoot.appendingPathComponent("Previews/all-paid/last-installment.json"), encoding: .utf8)
        let edited = sample.replacingOccurrences(of: "\"productTitle\": \"", with: "\"productTitle\": \"EDITED ")
        let good = try client.send("POST", path, body: "context=" + (edited.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                                   contentType: "application/x-www-form-urlencoded")
        #expect(good.status == 200)
        #expect(good.text.contains("EDITED"))
        let syntax = try client.send("POST", path, body: "{\"productTitle\":", contentType: "application/json")
        #expect(syntax.status == 400)
        #expect(syntax.text.contains("invalid JSON"))
        let wrong = try client.send("POST", path, body: "{}", contentType: "application/json")
        #expect(wrong.status == 400)
        #expect(wrong.text.contains("<code>context.productTitle</code> is required"))
    }

    @Test func unknownNamesAndEscapesAre404AndEmlDownloads() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let client = herald
        #expect(try client.get("/previews/installment-paid/nope").status == 404)
        #expect(try client.get("/previews/birthday/first").status == 404)
        #expect(try client.get("/previews/installment-paid/..%2F..%2FPackage").status == 404)
        #expect(try client.get("/previews/installment-paid/%2E%2E").status == 404)
        #expect(try client.get("/previews/installment-paid/first-installment%00").status == 404)
        let eml = try client.get("/previews/installment-paid/first-installment/eml?locale=fr")
        #expect(eml.status == 200)
        #expect(eml.header("Content-Type") == "message/rfc822")
        #expect(eml.header("Content-Disposition")?.contains("installment-paid-first-installment.eml") == true)
        #expect(eml.text.contains("\r\nMIME-Version: 1.0\r\n"))
        let page = try client.get("/previews")
        #expect(page.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
    }

    @Test func previewsAreOffWhenDisabled() throws {
        let herald = try TestHerald.repository(settings: ["previews": "off"])
        defer { herald.stop() }
        #expect(try herald.get("/previews").status == 404)
        #expect(try herald.get("/healthz").status == 200)
    }

    /// Development reload: a template edited on disk shows on the next request, without a restart.
    @Test func templatesReloadFromDiskOnEachRequest() throws {
        let templates = FileManager.default.temporaryDirectory.appendingPathComponent("herald-templates-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: HeraldBinary.repositoryRoot.appendingPathComponent("Templates"), to: templates)
        defer { try? FileManager.default.removeItem(at: templates) }
        let herald = try TestHerald.repository(settings: ["templates": templates.path])
        defer { herald.stop() }
        let client = herald
        let path = "/previews/all-paid/last-installment?locale=en"
        #expect(!(try client.get(path).text.contains("RELOADED-MARKER")))
        let subject = templates.appendingPathComponent("all-paid/subject.mustache")
        let original = try String(contentsOf: subject, encoding: .utf8)
        try ("RELOADED-MARKER " + original).write(to: subject, atomically: true, encoding: .utf8)
        #expect(try client.get(path).text.contains("RELOADED-MARKER"))
        #expect(try client.get("/previews/all-paid/last-installment/eml?locale=en").text.contains("RELOADED-MARKER"))
        // Rewritten in place with as many bytes: same inode, same size, only the times change.
        let handle = try FileHandle(forWritingTo: subject)
        try handle.write(contentsOf: Data("SECOND-EDIT-MRK".utf8))
        try handle.close()
        let edited = try client.get(path).text
        #expect(edited.contains("SECOND-EDIT-MRK") && !edited.contains("RELOADED-MARKER"))
        try FileManager.default.removeItem(at: subject)
        #expect(try client.get(path).status == 500, "a template removed from disk is the page's error, not an old copy")
    }
}

/// A sample with a `<variant>.attachments.json` beside it is previewed with its attachments.
@Suite(.serialized) struct PreviewAttachmentTests {
    @Test func aSampleWithAttachmentsListsThemAndItsEmlCarriesThem() throws {
        let herald = try HeraldProcess()
        defer { herald.stop() }
        let client = HTTPClient(port: herald.port)
        let page = try client.get("/previews/installment-paid/long-name-accents?locale=fr")
        #expect(page.status == 200)
        #expect(page.text.contains("<table id=\"attachments\">"))
        #expect(page.text.contains("<td>Facture F-2026-0042 — Éloïse.pdf</td><td>application/pdf</td><td>609 bytes</td>"))
        let eml = try client.get("/previews/installment-paid/long-name-accents/eml?locale=fr")
        #expect(eml.status == 200)
        #expect(eml.text.contains("Content-Type: multipart/mixed;"))
        #expect(eml.text.contains("filename*=utf-8''Facture%20F-2026-0042%20%E2%80%94%20%C3%89lo%C3%AFse.pdf"))
        let index = try client.get("/previews")
        #expect(!index.text.contains("long-name-accents.attachments"), "the attachments file is not a variant")
        let plain = try client.get("/previews/installment-paid/first-installment?locale=fr")
        #expect(plain.status == 200)
        #expect(!plain.text.contains("id=\"attachments\""))
    }
}
