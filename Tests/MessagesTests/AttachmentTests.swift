import Foundation
import Testing
@testable import Messages

/// `attachments` on a send request (README "Attachments"): what is accepted, how it is composed, and
/// what a hostile caller gets back: one problem per field, with its path, and nothing composed.
@Suite struct AttachmentTests {
    static let pdf: [UInt8] = Array("%PDF-1.4\n%\u{e2}\u{e3}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".utf8) + (0..<600).map { UInt8($0 % 256) }

    static func attachment(_ filename: String = "invoice-2026-03.pdf", type: String = "application/pdf", content: String? = nil) -> JSONValue {
        .object(["filename": .string(filename), "contentType": .string(type),
                 "content": .string(content ?? Data(pdf).base64EncodedString())])
    }

    func body(attachments: JSONValue?) throws -> Data {
        var request: [String: JSONValue] = [
            "message": .string("installment-paid"), "locale": .string("fr"), "context": Fixtures.sample(.installmentPaid, "first-installment"),
            "to": .array([.object(["email": .string("zoe@example.com"), "name": .string("Zoë")])]),
        ]
        if let attachments { request["attachments"] = attachments }
        return try JSONEncoder().encode(JSONValue.object(request))
    }

    func problems(_ attachments: JSONValue) throws -> FieldProblems {
        let data = try body(attachments: attachments)
        do throws(CatalogError) {
            _ = try Fixtures.compose(data)
            return FieldProblems()
        } catch {
            guard case .invalidFields(let problems) = error else { throw error }
            return problems
        }
    }

    @Test func withoutAttachmentsTheMessageIsTheAlternativeAsBefore() throws {
        let none = try Fixtures.compose(try body(attachments: nil))
        let empty = try Fixtures.compose(try body(attachments: .array([])))
        #expect(none.message.eml == empty.message.eml)
        #expect(none.message.attachments == nil)
        #expect(none.message.eml.contains("Content-Type: multipart/alternative;\r\n boundary=\"=_herald_alternative\"\r\n\r\n--=_herald_alternative\r\n"))
        #expect(!none.message.eml.contains("multipart/mixed"))
    }

    @Test func attachmentsMakeAMixedMessageAroundTheAlternative() throws {
        let photo: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        let list = JSONValue.array([
            Self.attachment(),
            Self.attachment("reçu été.png", type: "IMAGE/PNG", content: Data(photo).base64EncodedString()),
        ])
        let result = try Fixtures.compose(try body(attachments: list))
        let eml = result.message.eml
        #expect(eml.contains("Auto-Submitted: auto-generated\r\nContent-Type: multipart/mixed;\r\n boundary=\"=_herald_mixed\"\r\n\r\n--=_herald_mixed\r\nContent-Type: multipart/alternative;\r\n boundary=\"=_herald_alternative\"\r\n"))
        #expect(eml.contains("--=_herald_alternative--\r\n--=_herald_mixed\r\nContent-Type: application/pdf;\r\n name=\"invoice-2026-03.pdf\"\r\nContent-Disposition: attachment;\r\n filename=\"invoice-2026-03.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"))
        #expect(eml.contains("Content-Type: image/png;\r\n name*=utf-8''re%C3%A7u%20%C3%A9t%C3%A9.png;\r\n name=\"re_u _t_.png\"\r\nContent-Disposition: attachment;\r\n filename*=utf-8''re%C3%A7u%20%C3%A9t%C3%A9.png;\r\n filename=\"re_u _t_.png\"\r\n"))
        #expect(eml.hasSuffix("--=_herald_mixed--\r\n"))
        for line in eml.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 998) }
        let base64Lines = eml.components(separatedBy: "\r\n").filter { $0.count == 76 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" } }
        #expect(base64Lines.count == Self.pdf.count / 57, "the PDF's base64 is wrapped at 76 columns")
        #expect(result.message.attachments == [
            AttachmentSummary(filename: "invoice-2026-03.pdf", contentType: "application/pdf", size: Self.pdf.count, sha256: SHA256.hex(Self.pdf)),
            AttachmentSummary(filename: "reçu été.png", contentType: "image/png", size: photo.count, sha256: SHA256.hex(photo)),
        ])

        let parsed = try PythonEmail.parse(eml)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.contentType == "multipart/mixed")
        #expect(parsed.structure == ["multipart/mixed", "multipart/alternative", "text/plain", "text/html", "application/pdf", "image/png"])
        #expect(parsed.text?.replacingOccurrences(of: "\r\n", with: "\n") == result.message.text.replacingOccurrences(of: "\r\n", with: "\n"))
        #expect(parsed.attachments == [
            .init(filename: "invoice-2026-03.pdf", contentType: "application/pdf", disposition: "attachment", size: Self.pdf.count, sha256: SHA256.hex(Self.pdf)),
            .init(filename: "reçu été.png", contentType: "image/png", disposition: "attachment", size: photo.count, sha256: SHA256.hex(photo)),
        ])
    }

    /// A name longer than a header line is split into RFC 2231 continuations Python joins back.
    @Test func aLongNonASCIINameIsWrittenInContinuations() throws {
        let name = String(repeating: "Überweisungsbestätigung-", count: 6) + "März.pdf"
        #expect(name.utf8.count <= AttachmentLimits.maximumFilenameBytes)
        let result = try Fixtures.compose(try body(attachments: .array([Self.attachment(name)])))
        #expect(result.message.eml.contains(" filename*0*=utf-8''%C3%9Cberweisungsbest"))
        #expect(result.message.eml.contains(" filename*1*="))
        let parsed = try PythonEmail.parse(result.message.eml)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.attachments.map(\.filename) == [name])
    }

    @Test func theSHA256IsTheStandardOne() {
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func moreThanTheMaximumCountIsOneProblemOnTheList() throws {
        let found = try problems(.array(Array(repeating: Self.attachment(), count: 10_000)))
        #expect(found.problems.map(\.path) == ["attachments"])
        #expect(found.problems.first?.problem.contains("at most 10") == true)
        #expect(found.httpStatus == 422)
        #expect(try problems(.array(Array(repeating: Self.attachment(), count: AttachmentLimits.maximumCount))).isEmpty)
    }

    @Test func aFileOverThePerFileLimitIsRefusedBeforeDecoding() throws {
        let tooLarge = String(repeating: "AAAA", count: AttachmentLimits.maximumFileBytes / 3 + 1)
        let found = try problems(.array([Self.attachment(), Self.attachment(content: tooLarge)]))
        #expect(found.problems.map(\.path) == ["attachments[1].content"])
        #expect(found.httpStatus == 422)
        let atTheLimit = String(repeating: "AAAA", count: AttachmentLimits.maximumFileBytes / 3) + "AA=="
        #expect(try problems(.array([Self.attachment(content: atTheLimit)])).isEmpty)
    }

    @Test func filesOverTheTotalLimitAreRefusedAtTheOneThatCrossesIt() throws {
        let eightMiB = String(repeating: "AAAA", count: 8 * 1_024 * 1_024 / 3)
        let found = try problems(.array([Self.attachment(content: eightMiB), Self.attachment(content: eightMiB)]))
        #expect(found.problems.map(\.path) == ["attachments[1].content"])
        #expect(found.problems.first?.problem.contains("per message") == true)
        #expect(found.httpStatus == 422)
    }

    @Test(arguments: [
        ("JVBERi0x LjQK", "offset 8"), ("JVBERi0x\r\nLjQK", "offset 8"), ("JVBERi0xLjQK\n", "offset 12"),
        ("JVBERi0x-jQK", "offset 8"), ("JVBERi0xLjQ", "multiple of 4"), ("JVBERi0=LjQK", "offset 7"),
        ("JVBERi0xLj===", "multiple of 4"), ("JVBERi0x====", "offset 8"), ("%PDF-1.4", "offset 0"), ("JVBERi0xLjQK\u{0}", "offset 12"),
    ])
    func garbageBase64IsABadRequestOnTheContent(_ content: String, _ detail: String) throws {
        let found = try problems(.array([Self.attachment(content: content)]))
        #expect(found.problems.map(\.path) == ["attachments[0].content"])
        #expect(found.problems.first?.problem.contains(detail) == true, "\(found)")
        #expect(found.httpStatus == 400)
    }

    @Test func anEmptyFileIsRefused() throws {
        let found = try problems(.array([Self.attachment(content: "")]))
        #expect(found.problems.map(\.path) == ["attachments[0].content"])
        #expect(found.problems.first?.problem.contains("empty") == true)
        #expect(found.httpStatus == 422)
    }

    @Test(arguments: [
        "../../etc/passwd", "..\\..\\boot.ini", "/etc/passwd", "..", ".", "", "invoice.pdf\r\nBcc: victim@example.com",
        "in\"voice\".pdf", "invoice\u{202E}fdp.exe", "tab\there.pdf", "nul\u{0}.pdf", " leading.pdf", "trailing.pdf ",
        String(repeating: "é", count: 101),
    ])
    func anUnsafeFilenameIsRefusedOnTheFilename(_ filename: String) throws {
        let found = try problems(.array([Self.attachment(filename)]))
        #expect(found.problems.map(\.path) == ["attachments[0].filename"], "\(filename.debugDescription): \(found)")
    }

    @Test(arguments: ["facture n°42 — mars.pdf", "請求書.pdf", "O'Brien; invoice (copy) #2.pdf", "100%.csv"])
    func aNameWithNonASCIIOrPunctuationIsKeptAndParsesBack(_ filename: String) throws {
        let result = try Fixtures.compose(try body(attachments: .array([Self.attachment(filename)])))
        #expect(result.message.attachments?.map(\.filename) == [filename])
        let parsed = try PythonEmail.parse(result.message.eml)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.attachments.map(\.filename) == [filename])
    }

    @Test(arguments: [
        "application/pdf; name=evil.exe", "application/pdf\r\nBcc: victim@example.com", "text/html",
        "application/x-msdownload", "application/octet-stream", "application/pdf ", "", "image/svg+xml",
    ])
    func aContentTypeOutsideTheAllowListIsRefused(_ type: String) throws {
        let found = try problems(.array([Self.attachment(type: type)]))
        #expect(found.problems.map(\.path) == ["attachments[0].contentType"], "\(type.debugDescription): \(found)")
        #expect(found.httpStatus == 422)
    }

    @Test func shapeProblemsAreReportedEachWithItsPath() throws {
        let found = try problems(.array([
            .string("invoice.pdf"),
            .object(["filename": .integer(1), "content": .string("QUJD")]),
            .object(["filename": .string("a.pdf"), "contentType": .string("application/pdf"), "content": .string("QUJD"), "url": .string("https://x")]),
        ]))
        #expect(found.problems.map(\.path) == [
            "attachments[0]", "attachments[1].filename", "attachments[1].contentType", "attachments[2].url",
        ])
        #expect(found.httpStatus == 400)
        #expect(try problems(.object([:])).problems.map(\.path) == ["attachments"])
    }

    @Test func attachmentProblemsComeWithTheEnvelopesAndTheContexts() throws {
        var request = try JSONValue(parsing: try body(attachments: .array([Self.attachment("../x.pdf")])))
        request = request.setting("locale", .integer(3))
        let (_, found) = SendRequest.envelope(of: request)
        #expect(found.problems.map(\.path) == ["locale", "attachments[0].filename"])
    }
}
