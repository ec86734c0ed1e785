import Foundation
import HeraldTesting
import Testing
import TestSupport
@testable import Herald
import Messages

/// Caller text on the preview pages is text, never markup, whatever scalars surround it.
@Suite struct PreviewEscapingTests {
    /// U+0600 is a prepending scalar: it forms one grapheme cluster with the `<` after it, so an
    /// escaper that compares `Character`s lets that `<` through. A combining mark after `"` or `>` does
    /// the same. The pages' template engine escapes over UTF-8 bytes, in every spot a page shows text.
    @Test func escapesSpecialCharactersSharingAClusterWithTheScalarBeforeOrAfter() throws {
        let cases = [
            ("\u{600}<h1>", "\u{600}&lt;h1&gt;"), ("\u{600}\"x\u{600}>", "\u{600}&quot;x\u{600}&gt;"),
            ("a\"\u{301}b'&", "a&quot;\u{301}b&#39;&amp;"), ("\u{600}</textarea>\u{301}", "\u{600}&lt;/textarea&gt;\u{301}"),
            ("plain é 🇫🇷", "plain é 🇫🇷"),
        ]
        for (text, escaped) in cases {
            let page = try PreviewPage.preview(content(showing: text))
            // Title, heading, variant switch, locale note, failure, subject, HTML part, text part,
            // .eml, problem path and problem, editor: twelve spots, each escaped.
            #expect(occurrences(of: escaped, in: page) == 12, "\(text.unicodeScalars.map(\.value))")
            if text != escaped { #expect(!contains(page, text), "no spot shows the raw text") }
            let index = try PreviewPage.index(samples: [], languages: [.en], problems: [text])
            #expect(contains(index, "<li>\(escaped)</li>"))
        }
    }

    /// A page that shows `text` everywhere it can: as the variant, every message part, a note, a
    /// failure, a problem and the edited context.
    private func content(showing text: String) -> PreviewPage.Content {
        let message = ComposedMessage(
            id: "preview", message: "all-paid", locale: "en", key: nil, from: EmailAddress(email: "a@example.com"), to: [],
            subject: text, text: text, html: text, headers: [:], eml: text)
        return PreviewPage.Content(
            kind: .allPaid, variant: text, variants: [text, "other"], locale: .en, languages: [.en], width: .phone320, dark: true,
            scriptNonce: "nonce", contextText: text, edited: true,
            message: message, headers: [], localeNote: text, problems: [(path: text, problem: text)], failure: text)
    }

    private func occurrences(of needle: String, in text: String) -> Int {
        let haystack = Array(text.utf8)
        let bytes = Array(needle.utf8)
        var count = 0
        var start = haystack.startIndex
        while let range = haystack[start...].firstRange(of: bytes) {
            count += 1
            start = range.upperBound
        }
        return count
    }

    /// A form post cannot close the editor's textarea and inject elements into the page: the `<`
    /// shares a cluster with the U+0600 before it, the `>` with the U+0301 after it.
    @Test func aPostedContextCannotInjectMarkupIntoThePreviewPage() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let injection = "\u{600}</textarea>\u{301}\u{600}<marquee id=owned>\u{301}owned\u{600}<meta http-equiv=refresh content=0>\u{301}"
        let page = try post(context: "{\"productTitle\": " + injection, to: herald)
        #expect(page.status == 400, "not JSON: the page shows the edit back with the problem")
        #expect(!contains(page, "</textarea>\u{301}"))
        #expect(!contains(page, "<marquee"))
        #expect(!contains(page, "<meta http-equiv"))
        #expect(contains(page, "\u{600}&lt;/textarea&gt;\u{301}\u{600}&lt;marquee id=owned&gt;\u{301}"), "the edit is shown as text")
    }

    /// A subject made from caller text is shown as text, as a mail client shows it.
    @Test func aSubjectWithMarkupIsShownAsText() throws {
        let herald = try TestHerald.repository()
        defer { herald.stop() }
        let sample = try String(contentsOf: HeraldBinary.repositoryRoot.appendingPathComponent("Previews/all-paid/last-installment.json"), encoding: .utf8)
        let edited = sample.replacingOccurrences(of: "\"productTitle\": \"", with: "\"productTitle\": \"\u{600}<b>\u{301}Ceramics\u{600}</b>\u{301}\u{600}\\\"")
        let page = try post(context: edited, to: herald)
        #expect(page.status == 200)
        let subject = try #require(page.text.components(separatedBy: "<div class=\"subject\" id=\"subject\">").dropFirst().first?.components(separatedBy: "</div>").first)
        #expect(contains(subject, "\u{600}&lt;b&gt;\u{301}Ceramics\u{600}&lt;/b&gt;\u{301}\u{600}&quot;"))
        #expect(!contains(page, "<b>"))
    }

    /// Byte search: `String.contains` compares grapheme clusters, and U+0600 + `<` is one cluster,
    /// so it would not find a `<` that follows U+0600.
    private func contains(_ page: TestResponse, _ needle: String) -> Bool {
        page.body.firstRange(of: Array(needle.utf8)) != nil
    }

    private func contains(_ text: String, _ needle: String) -> Bool {
        Array(text.utf8).firstRange(of: Array(needle.utf8)) != nil
    }

    private func post(context: String, to herald: TestHerald) throws -> TestResponse {
        let form = "context=" + (context.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try herald.send("POST", "/previews/all-paid/last-installment?locale=en", body: form, contentType: "application/x-www-form-urlencoded")
    }
}
