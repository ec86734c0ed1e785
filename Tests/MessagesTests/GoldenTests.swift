import Foundation
import Testing
@testable import Messages

/// Every message × locale × preview variant, rendered at the preview reference time, compared with
/// the committed files under `Golden/<message>/<variant>.<locale>.{subject.txt,text.txt,html,eml}`.
/// `HERALD_UPDATE_GOLDEN=1 swift test --filter GoldenTests` rewrites them (then read the diff).
@Suite struct GoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let sample: PreviewSample
        let language: TemplateLanguage
        var testDescription: String { "\(sample.kind.rawValue)/\(sample.variant).\(language.rawValue)" }
    }

    static let cases: [Case] = PreviewSample.load(directory: Repository.previews).samples.flatMap { sample in
        Fixtures.renderer.languages.map { Case(sample: sample, language: $0) }
    }

    static let updating = ProcessInfo.processInfo.environment["HERALD_UPDATE_GOLDEN"] == "1"

    static func compose(_ testCase: Case) throws -> MessageCatalog.Result {
        let request = MessageCatalog.Request(
            message: testCase.sample.kind.rawValue, locale: testCase.language.rawValue,
            to: [EmailAddress(email: "zoe@example.com", name: "Zoë O'Brien")], context: testCase.sample.context)
        return try Fixtures.catalog.compose(request, id: "golden-\(testCase.testDescription.replacingOccurrences(of: "/", with: "-"))",
                                            now: PreviewSample.referenceTime)
    }

    @Test(arguments: cases)
    func matchesTheCommittedGoldenFiles(_ testCase: Case) throws {
        let message = try Self.compose(testCase).message
        let base = Repository.golden.appendingPathComponent(testCase.sample.kind.rawValue)
            .appendingPathComponent("\(testCase.sample.variant).\(testCase.language.rawValue)")
        let files = [("subject.txt", message.subject + "\n"), ("text.txt", message.text), ("html", message.html), ("eml", message.eml)]
        for (suffix, content) in files {
            let url = URL(fileURLWithPath: base.path + "." + suffix)
            if Self.updating {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(content.utf8).write(to: url)
            } else {
                let expected = try String(contentsOf: url, encoding: .utf8)
                #expect(content == expected, "\(url.path) differs; HERALD_UPDATE_GOLDEN=1 regenerates it")
            }
        }
    }

    /// The composed message parses back to exactly what was rendered.
    @Test(arguments: cases)
    func emlParsesBackToTheRenderedParts(_ testCase: Case) throws {
        let message = try Self.compose(testCase).message
        let parsed = try ParsedEmail(parsing: message.eml)
        let headersAlone = ParsedEmail.headers(of: message.eml)
        #expect(headersAlone.map(\.name) == parsed.headers.map(\.name) && headersAlone.map(\.value) == parsed.headers.map(\.value),
                "the header block read alone is the whole parse's")
        #expect(parsed.decodedHeader("Subject") == message.subject)
        #expect(parsed.decodedHeader("To") == "Zoë O'Brien <zoe@example.com>")
        #expect(parsed.decodedHeader("From") == "Atelier Nord <no-reply@atelier-nord.example>")
        #expect(parsed.decodedHeader("MIME-Version") == "1.0")
        #expect(parsed.decodedHeader("Date") == "Tue, 03 Mar 2026 09:00:00 +0000")
        #expect(parsed.decodedHeader("Message-ID") == message.headers["Message-ID"])
        #expect(parsed.decodedHeader("Content-Type")?.hasPrefix("multipart/alternative;") == true)
        try #require(parsed.parts.count == 2)
        #expect(parsed.parts[0].header("Content-Type") == "text/plain; charset=utf-8")
        #expect(parsed.parts[1].header("Content-Type") == "text/html; charset=utf-8")
        #expect(parsed.parts[0].header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(parsed.parts[0].body == message.text)
        #expect(parsed.parts[1].body == message.html)
        for line in message.eml.components(separatedBy: "\r\n") {
            // A Message-ID cannot be folded: it may exceed 78 (never 998); everything else stays within 78.
            #expect(line.utf8.count <= (line.hasPrefix("Message-ID:") ? 998 : 78), "\(line)")
        }
        #expect(message.eml.utf8.allSatisfy { $0 < 128 })
    }

    /// Issue 12's "done means", for every message × locale × variant: Python's `email`
    /// (policy=default) reads the message without a defect, finds `Auto-Submitted: auto-generated`
    /// and a `Reply-To` address, and gets back exactly the rendered text and HTML parts.
    @Test(arguments: cases)
    func pythonReadsEveryMessageCleanlyWithAutoSubmittedAndReplyTo(_ testCase: Case) throws {
        let message = try Self.compose(testCase).message
        let parsed = try PythonEmail.parse(message.eml)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.structure == ["multipart/alternative", "text/plain", "text/html"])
        #expect(parsed.autoSubmitted == "auto-generated")
        #expect(parsed.replyTo == ["help@atelier-nord.example"])
        // Python keeps the wire's CRLF line ends in the decoded parts.
        #expect(parsed.text?.replacingOccurrences(of: "\r\n", with: "\n") == message.text)
        #expect(parsed.html?.replacingOccurrences(of: "\r\n", with: "\n") == message.html)
    }

    @Test func noGoldenFileIsLeftOver() throws {
        guard !Self.updating else { return }
        let expected = Set(Self.cases.flatMap { testCase in
            ["subject.txt", "text.txt", "html", "eml"].map {
                "\(testCase.sample.kind.rawValue)/\(testCase.sample.variant).\(testCase.language.rawValue).\($0)"
            }
        })
        let enumerator = FileManager.default.enumerator(atPath: Repository.golden.path)
        var found: Set<String> = []
        while let path = enumerator?.nextObject() as? String {
            if path.contains(".") { found.insert(path) }
        }
        #expect(found == expected)
        #expect(expected.count == Self.cases.count * 4 && Self.cases.count >= 30)
    }
}
