import Foundation
import Testing
@testable import Messages

/// `herald check` (through `CatalogCheck`) passes on the repository and names file:line:col for each kind of mistake.
@Suite struct CatalogCheckTests {
    @Test func theRepositoryPasses() {
        #expect(CatalogCheck(templatesDirectory: Repository.templates, previewsDirectory: Repository.previews).run() == [])
    }

    /// A scratch copy of Templates/ and Previews/ that one test breaks, removed afterwards.
    struct Scratch {
        let root: URL
        var templates: URL { root.appendingPathComponent("Templates") }
        var previews: URL { root.appendingPathComponent("Previews") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("herald-check-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Repository.templates, to: templates)
            try FileManager.default.copyItem(at: Repository.previews, to: previews)
        }

        func edit(_ relative: String, in folder: URL? = nil, _ change: (String) -> String) throws {
            let url = (folder ?? templates).appendingPathComponent(relative)
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(change(text).utf8).write(to: url)
        }

        func run() -> [String] {
            defer { try? FileManager.default.removeItem(at: root) }
            return CatalogCheck(templatesDirectory: templates, previewsDirectory: previews).run()
        }
    }

    @Test func aMisspeltNameIsReportedWithFileLineAndColumn() throws {
        let scratch = try Scratch()
        try scratch.edit("installment-paid/text.mustache") { $0.replacingOccurrences(of: "{{orderURL}}", with: "{{orderURLs}}") }
        let problems = scratch.run()
        #expect(problems.contains { $0.hasSuffix("Templates/installment-paid/text.mustache:12:1: 'orderURLs' is not a field of installment-paid (rendered from installment-paid/text)") },
                "\(problems)")
        // The preview no longer renders strictly either.
        #expect(problems.contains { $0.contains("Previews/installment-paid/first-installment.json:1:1: does not render in en") })
    }

    @Test func aNameFromAnotherMessageIsReported() throws {
        let scratch = try Scratch()
        try scratch.edit("all-paid/html.mustache") { $0.replacingOccurrences(of: "{{/body}}", with: "{{retryDate}}{{#schedule}}{{debitWhen}}{{/schedule}}\n{{/body}}") }
        let problems = scratch.run().filter { $0.contains("is not a field") }
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.contains("Templates/all-paid/html.mustache:") && $0.contains("of all-paid") })
    }

    @Test func aMissingPartIsReported() throws {
        let scratch = try Scratch()
        try FileManager.default.removeItem(at: scratch.templates.appendingPathComponent("check-in/subject.mustache"))
        #expect(scratch.run().contains { $0.hasSuffix("Templates/check-in/subject.mustache:1:1: missing: check-in needs a subject template") })
    }

    @Test func aParseErrorIsReportedWithItsPosition() throws {
        let scratch = try Scratch()
        try scratch.edit("_partials/schedule.text.mustache") { $0.replacingOccurrences(of: "{{/schedule}}", with: "{{/schedul}}") }
        let problems = scratch.run()
        #expect(problems.first?.contains("Templates/_partials/schedule.text.mustache:4:1:") == true, "\(problems)")
    }

    @Test func anUnusedRequiredFieldIsReported() throws {
        let scratch = try Scratch()
        try scratch.edit("_locales/fr.json") { $0.replacingOccurrences(of: "{{remainingBalance}}", with: "bientôt") }
        #expect(scratch.run().contains { $0.contains("required field 'remainingBalance' of installment-paid is used by neither the HTML nor the text template (fr)") })
    }

    @Test func aPreviewThatDoesNotDecodeIsReportedWithItsFieldPath() throws {
        let scratch = try Scratch()
        try scratch.edit("check-in/no-client-no-amount.json", in: scratch.previews) { $0.replacingOccurrences(of: "\"F-17\"", with: "17") }
        #expect(scratch.run().contains { $0.hasSuffix("Previews/check-in/no-client-no-amount.json:1:1: does not render in en: context.invoiceNumber: expected a string, got a number") })
    }

    @Test func aPreviewAttachmentThatWouldBeRefusedIsReportedWithItsFieldPath() throws {
        let scratch = try Scratch()
        try scratch.edit("installment-paid/long-name-accents.attachments.json", in: scratch.previews) {
            $0.replacingOccurrences(of: "\"application/pdf\"", with: "\"application/x-msdownload\"")
        }
        #expect(scratch.run().contains {
            $0.hasSuffix("Previews/installment-paid/long-name-accents.attachments.json:1:1: attachments[0].contentType: expected one of application/pdf, image/png, image/jpeg, image/gif, image/webp, text/plain, text/csv, text/calendar (without parameters)")
        })
    }

    @Test func aPreviewSamplesAttachmentsFileIsNotASample() {
        let samples = PreviewSample.load(directory: Repository.previews).samples
        #expect(!samples.contains { $0.variant.hasSuffix(".attachments") })
        let invoice = samples.first { $0.kind == .installmentPaid && $0.variant == "long-name-accents" }
        #expect(AttachmentReader.attachments(invoice?.attachments ?? .null).0.map(\.filename) == ["Facture F-2026-0042 — Éloïse.pdf"])
    }
}
