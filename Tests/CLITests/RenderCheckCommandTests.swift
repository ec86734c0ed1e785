import Foundation
import TestSupport
import Testing

/// `herald render` and `herald check`, run as a process from the repository root.
@Suite("herald render and check")
struct RenderCheckCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func rendersEachFormat() throws {
        let base = ["render", "failed-debit", "--locale", "fr", "--context", "Previews/failed-debit/refused-with-retry.json",
                    "--now", "2026-03-03T09:00:00Z"]
        let subject = try HeraldBinary.run(base + ["--format", "subject"], in: Self.root)
        #expect(subject.status == 0)
        #expect(subject.stdout == "Atelier Nord – Ceramics for beginners (10 weeks)\u{A0}: le prélèvement de 200,00\u{A0}€ a échoué\n")
        let text = try HeraldBinary.run(base + ["--format", "text"], in: Self.root)
        #expect(text.stdout.hasPrefix("Bonjour Camille Martin,\n"))
        let html = try HeraldBinary.run(base + ["--format", "html"], in: Self.root)
        #expect(html.stdout.contains("<html lang=\"fr\" dir=\"ltr\" "))
        let eml = try HeraldBinary.run(base + ["--to", "Zoë <zoe@example.com>", "--id", "cli-1"], in: Self.root)
        #expect(eml.status == 0)
        #expect(eml.stdout.contains("To: =?utf-8?q?Zo=C3=AB?= <zoe@example.com>\r\n"))
        #expect(eml.stdout.contains("Message-ID: <cli-1@localhost>\r\n"))
        #expect(eml.stdout.contains("Content-Type: multipart/alternative;"))
    }

    @Test func reportsEveryFieldProblemAndExitsNonZero() throws {
        let folder = try ScratchFolder()
        let context = try folder.write("bad.json", #"{"invoiceNumber":"A\r\nBcc: x@evil.example","dueDate":"2026-03-05T10:00:00Z"}"#)
        let result = try HeraldBinary.run(["render", "check-in", "--context", context.path], in: Self.root)
        #expect(result.status == 65)
        #expect(result.stderr.contains("context.invoiceNumber: must not contain a line break (CR or LF)"))
        #expect(result.stderr.contains("context.dueDate: \"2026-03-05T10:00:00Z\" is not a day in the form YYYY-MM-DD"))
        #expect(result.stderr.contains("context.paidURL: is required"))
        #expect(result.stdout.isEmpty)

        let broken = try folder.write("broken.json", "{\"a\": ")
        let syntax = try HeraldBinary.run(["render", "check-in", "--context", broken.path], in: Self.root)
        #expect(syntax.status == 65)
        #expect(syntax.stderr.hasPrefix("\(broken.path):1:7: invalid JSON: unexpected end of the body"))

        let unknown = try HeraldBinary.run(["render", "welcome", "--context", broken.path], in: Self.root)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("unknown message \"welcome\" (known: installment-paid, all-paid, failed-debit, upcoming-debit, check-in, payment-submitted, payment-approved, payment-rejected)"))
    }

    @Test func saysWhenTheLocaleFellBack() throws {
        let result = try HeraldBinary.run(["render", "all-paid", "--locale", "pt", "--context", "Previews/all-paid/last-installment.json",
                                            "--format", "subject"], in: Self.root)
        #expect(result.status == 0)
        #expect(result.stderr == "note: no templates for locale \"pt\"; rendered in en\n")
        #expect(result.stdout.hasPrefix("Atelier Nord – Ceramics for beginners (10 weeks): all paid!"))
    }

    @Test func checkPassesOnTheRepositoryAndFailsWithFileLineColumn() throws {
        let ok = try HeraldBinary.run(["check"], in: Self.root)
        #expect(ok.status == 0)
        #expect(ok.stdout == "herald check: ok (8 messages × 3 locales)\n")

        let folder = try ScratchFolder()
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Templates"), to: folder.url.appendingPathComponent("Templates"))
        try FileManager.default.copyItem(at: Self.root.appendingPathComponent("Previews"), to: folder.url.appendingPathComponent("Previews"))
        let subject = folder.url.appendingPathComponent("Templates/check-in/subject.mustache")
        try Data("{{brand.name}}: invoice {{invoiceNumbr}}\n".utf8).write(to: subject)
        let failed = try HeraldBinary.run(["check"], in: folder.url)
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("Templates/check-in/subject.mustache:1:25: 'invoiceNumbr' is not a field of check-in"))
        #expect(failed.stderr.hasSuffix("problem(s)\n"))
    }
}
