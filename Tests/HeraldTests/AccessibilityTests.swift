import Foundation
import HeadlessBrowser
import Messages
import Testing
import TestSupport

/// axe-core (vendored: `Resources/axe-core/`) audits every message × locale × variant HTML part in
/// headless Chromium against the WCAG 2.0, 2.1 and 2.2 A and AA rules, in the light and the dark
/// colour scheme (`prefers-color-scheme: dark` applies the layout's dark palette, so its contrast
/// is audited too). Any violation fails, listed as part, rule id and target.
@Suite(.serialized) struct AccessibilityTests {
    static let tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

    static func previews() throws -> [RenderedPreview] {
        let root = HeraldBinary.repositoryRoot
        let renderer = try MessageRenderer(templatesDirectory: root.appendingPathComponent("Templates"))
        let (previews, problems) = renderer.renderPreviews(PreviewSample.load(directory: root.appendingPathComponent("Previews")).samples)
        #expect(problems.isEmpty, "\(problems)")
        return previews
    }

    /// Each document's violations as `rule-id target`, from one Chromium run.
    static func violations(_ documents: [String], colorScheme: HeadlessChromium.ColorScheme) throws -> [[String]] {
        let axe = try String(contentsOf: HeraldBinary.repositoryRoot.appendingPathComponent("Tests/HeraldTests/Resources/axe-core/axe.min.js"),
                             encoding: .utf8)
        let source = String(decoding: try JSONSerialization.data(withJSONObject: [axe], options: .withoutEscapingSlashes), as: UTF8.self)
            .replacingOccurrences(of: "<", with: "\\u003c")
        let tags = String(decoding: try JSONSerialization.data(withJSONObject: Self.tags), as: UTF8.self)
        let batch = FrameBatch(
            probe: """
                const script = document.createElement('script');
                script.textContent = AXE_SOURCE;
                document.head.appendChild(script);
                const results = await window.axe.run(document, { runOnly: { type: 'tag', values: \(tags) }, resultTypes: ['violations'] });
                return results.violations.flatMap((v) => v.nodes.map((n) => v.id + ' ' + n.target.join(' ')));
                """,
            prelude: "const AXE_SOURCE = \(source)[0];", concurrency: 4)
        let results = try batch.run(documents.map { FrameBatch.Frame(html: $0, width: 375) }, in: try HeadlessChromium(), colorScheme: colorScheme,
                                    timeout: 240)
        return try results.map { data in
            guard let list = try JSONSerialization.jsonObject(with: data) as? [String] else {
                throw HeadlessChromium.ChromiumError.noResult("axe gave \(String(decoding: data, as: UTF8.self))")
            }
            return list
        }
    }

    @Test(arguments: [HeadlessChromium.ColorScheme.light, .dark])
    func noPartHasAnAxeViolation(_ colorScheme: HeadlessChromium.ColorScheme) throws {
        let previews = try Self.previews()
        #expect(previews.count >= 78)
        let found = try Self.violations(previews.map(\.message.html), colorScheme: colorScheme)
        for (preview, violations) in zip(previews, found) where !violations.isEmpty {
            Issue.record("\(preview.label) (\(colorScheme)): \(violations.joined(separator: "; "))")
        }
    }

    /// The audit itself works: a part with an image without alt text and grey-on-grey text fails
    /// with exactly those rules, so a silent axe (not loaded, no rules run) cannot pass.
    @Test func theAuditFindsViolationsInABrokenPart() throws {
        let broken = """
            <!DOCTYPE html><html lang="en"><head><title>t</title></head><body>
            <img src="https://example.invalid/x.png"><p style="color:#999999;background-color:#AAAAAA">faint</p></body></html>
            """
        let found = try Self.violations([broken], colorScheme: .light)
        #expect(found.count == 1)
        #expect(Set(found.first?.map { String($0.split(separator: " ")[0]) } ?? []) == ["image-alt", "color-contrast"], "\(found)")
    }
}
