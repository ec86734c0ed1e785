import Foundation
import HeraldTesting
import Testing
import TestSupport

/// The preview page's width and colour-scheme toggles, its headers table and its one script,
/// through the in-process harness (README "Preview pages").
@Suite struct PreviewTogglesTests {
    static let base = "/previews/installment-paid/first-installment"

    static func herald() throws -> TestHerald {
        try TestHerald.repository(settings: ["from": "Atelier Nord <no-reply@atelier-nord.example>", "brand-reply-to": "Atelier Nord Support <help@atelier-nord.example>"])
    }

    @Test func widthAndSchemeTogglesKeepEachOtherAndTheLocale() throws {
        let herald = try Self.herald()
        defer { herald.stop() }
        let page = try herald.get(Self.base + "?locale=fr&width=320&scheme=dark")
        #expect(page.status == 200)
        let html = page.text
        #expect(html.contains("class=\"w320 dark\" srcdoc=\"&lt;!DOCTYPE html&gt;"))
        // Every toggle keeps the other choices; the current ones are text, not links.
        #expect(html.contains("<a href=\"\(Self.base)?locale=fr&amp;scheme=dark\">desktop</a>"))
        #expect(html.contains("<a href=\"\(Self.base)?locale=fr&amp;width=375&amp;scheme=dark\">375 px</a>"))
        #expect(html.contains("<strong>320 px</strong>"))
        #expect(html.contains("<a href=\"\(Self.base)?locale=fr&amp;width=320\">light</a>"))
        #expect(html.contains("<strong>dark</strong>"))
        #expect(html.contains("<a href=\"\(Self.base)?locale=en&amp;width=320&amp;scheme=dark\">en</a>"))
        #expect(html.contains("<form method=\"post\" action=\"\(Self.base)?locale=fr&amp;width=320&amp;scheme=dark\">"))

        let plain = try herald.get(Self.base + "?locale=fr").text
        #expect(plain.contains("class=\"\" srcdoc="), "desktop width, light scheme: no frame class")
        #expect(plain.contains("<strong>desktop</strong>") && plain.contains("<strong>light</strong>"))
        #expect(try herald.get(Self.base + "?locale=fr&width=375").text.contains("class=\"w375\" srcdoc="))
        for unknown in ["999", "mobile", "", "320px"] {
            #expect(try herald.get(Self.base + "?locale=fr&width=\(unknown)&scheme=sepia").text.contains("class=\"\" srcdoc="), "\(unknown)")
        }
    }

    @Test func theHeadersAreShownAsSentAndDecoded() throws {
        let herald = try Self.herald()
        defer { herald.stop() }
        let html = try herald.get(Self.base + "?locale=fr").text
        func row(_ name: String) throws -> String? {
            html.firstMatch(of: try Regex("<tr><th scope=\"row\">\(name)</th><td>([^<]*)</td></tr>"))?.output[1].substring.map(String.init)
        }
        #expect(try row("From") == "Atelier Nord &lt;no-reply@atelier-nord.example&gt;")
        #expect(try row("Reply-To") == "Atelier Nord Support &lt;help@atelier-nord.example&gt;")
        #expect(try row("To") == "Preview Recipient &lt;recipient@example.com&gt;")
        #expect(try row("Auto-Submitted") == "auto-generated")
        #expect(try row("Date") == "Tue, 03 Mar 2026 09:00:00 +0000")
        #expect(try row("Message-ID")?.hasSuffix("@atelier-nord.example&gt;") == true)
        #expect(try row("MIME-Version") == "1.0")
        let subject = try #require(html.firstMatch(of: /<div class="subject" id="subject">([^<]+)<\/div>/)?.1)
        #expect(try row("Subject") == String(subject), "the Subject row is decoded from its encoded-words, as the subject shows")
        #expect(subject.contains("200,00"))
    }

    @Test func onlyThePagesOwnScriptMayRunAndItsNonceIsFreshPerResponse() throws {
        let herald = try Self.herald()
        defer { herald.stop() }
        var nonces: Set<String> = []
        for _ in 0..<2 {
            let page = try herald.get(Self.base + "?locale=en")
            let policy = try #require(page.header("Content-Security-Policy"))
            let nonce = try #require(policy.firstMatch(of: /script-src 'nonce-([A-Za-z0-9+\/=]{24})'$/)?.1)
            #expect(page.text.contains("<script nonce=\"\(nonce)\">"))
            #expect(!page.text.contains("herald-script-nonce"), "a cached page gets the response's nonce in place of its placeholder")
            #expect(page.text.matches(of: /<script/).count == 1)
            #expect(page.text.contains("frame.style.height = Math.ceil(part.documentElement.getBoundingClientRect().height) + 'px'"))
            // The HTML part may not run scripts; the page only reads its height.
            #expect(page.text.contains("<iframe id=\"html\" title=\"HTML part\" sandbox=\"allow-same-origin\" "))
            nonces.insert(String(nonce))
        }
        #expect(nonces.count == 2)
        let index = try herald.get("/previews")
        #expect(index.header("Content-Security-Policy")?.contains("script-src") == false, "the index runs no script")
        #expect(try herald.get(Self.base + "/html?locale=en").header("Content-Security-Policy")?.contains("script-src") == false)
    }
}
