import Foundation
import TestSupport
import Testing

/// `herald check --viewport 320,375`: every preview × locale HTML part laid out in headless
/// Chromium at each width; a part wider than a viewport fails the check, named with its width.
@Suite("herald check --viewport", .serialized)
struct CheckViewportTests {
    static let root = RenderCheckCommandTests.root

    @Test func everyRepositoryPartFitsPhoneViewports() throws {
        let result = try HeraldBinary.run(["check", "--viewport", "375,320"], in: Self.root, timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        let samples = try FileManager.default.subpathsOfDirectory(atPath: Self.root.appendingPathComponent("Previews").path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".attachments.json") }
        let parts = samples.count * 3
        #expect(parts >= 78)
        #expect(result.stdout.contains("herald check: 320 px: 0 of \(parts) HTML parts wider than the viewport; widest 320 px\n"))
        #expect(result.stdout.contains("herald check: 375 px: 0 of \(parts) HTML parts wider than the viewport; widest 375 px\n"))
        #expect(result.stdout.hasSuffix("herald check: ok (8 messages × 3 locales)\n"))
    }

    /// The inline fallback: a client that drops the `<style>` block (no media queries, no dark
    /// palette) still gets parts that fit a 320 px screen.
    @Test func withoutTheStyleBlockEveryPartStillFits() throws {
        let folder = try ScratchFolder()
        let templates = folder.url.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Templates"), to: templates)
        try Data().write(to: templates.appendingPathComponent("_partials/styles.html.mustache"))
        let result = try HeraldBinary.run(["check", "--templates", templates.path, "--viewport", "320"], in: Self.root, timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("herald check: 320 px: 0 of "))
    }

    @Test func aTooWidePartFailsWithItsMessageLocaleVariantAndWidth() throws {
        let folder = try ScratchFolder()
        let templates = folder.url.appendingPathComponent("Templates")
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Templates"), to: templates)
        // A fixed-width element in one message only: every other message must still pass.
        let checkIn = templates.appendingPathComponent("check-in/html.mustache")
        let original = try String(contentsOf: checkIn, encoding: .utf8)
        try Data(original.replacingOccurrences(of: "{{$body}}\n", with: "{{$body}}\n<div style=\"width:360px\">wide</div>\n").utf8).write(to: checkIn)

        let result = try HeraldBinary.run(["check", "--templates", templates.path, "--viewport", "320,375", "--previews", "Previews"],
                                          in: Self.root, timeout: 120)
        #expect(result.status == 1)
        let problems = result.stderr.split(separator: "\n").filter { $0.contains(" HTML part is ") }
        // 3 variants × 3 locales at 320 px; at 375 px the 360 px element plus the gutters is wider too.
        #expect(problems.count == 18, "\(result.stderr)")
        #expect(problems.allSatisfy { $0.contains("Previews/check-in/") && $0.contains(": check-in/") })
        for locale in ["en", "fr", "de"] {
            #expect(result.stderr.contains(": check-in/due-today-24-hours (\(locale)) HTML part is "))
        }
        #expect(try result.stderr.firstMatch(of: /HTML part is (\d+) px wide in a 320 px viewport/).map { Int($0.1) ?? 0 } ?? 0 > 360)
        #expect(result.stdout.contains("herald check: 320 px: 9 of "))
        #expect(result.stderr.hasSuffix("herald check: 18 problem(s)\n"))
    }

    @Test func refusesWidthsThatAreNotWidths() throws {
        for bad in ["abc", "50", "320,", "320,,375", "-320", "99999"] {
            let result = try HeraldBinary.run(["check", "--viewport", bad], in: Self.root)
            #expect(result.status == 64, "\(bad)")
            #expect(result.stderr.contains("--viewport takes widths in CSS pixels from 100 to 4000"), "\(bad): \(result.stderr)")
        }
        let help = try HeraldBinary.run(["check", "--help"], in: Self.root)
        #expect(help.stdout.contains("--viewport PX[,PX…]"), "\(help.stdout)")
    }
}
