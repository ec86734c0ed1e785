import Foundation
import FuzzSupport
import Messages

/// The send pipeline of `POST /v1/messages` and `herald send` short of the spool: request JSON →
/// `SendRequest.envelope` → `MessageCatalog.compose` (typed context, render, MIME) → eml. Structure-aware: most inputs are the preview
/// samples with fields replaced by edge values (`EdgeValues`); some are raw bytes given to the JSON
/// parser. Oracle: nothing crashes, and every accepted request composes into an eml that `ParsedEmail`
/// reads back with the same subject, with bounded header lines and header section.
@main enum FuzzSendPipeline {
    static func main() { FuzzDriver.run(fuzzOneInput) }

    /// The repository root, found from this file (the fuzz targets are built from the checkout).
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let catalog: MessageCatalog = {
        do {
            let renderer = try MessageRenderer(templatesDirectory: repository.appendingPathComponent("Templates"))
            return MessageCatalog(renderer: renderer, sender: EmailAddress(email: "no-reply@atelier-nord.example", name: "Atelier Nord"))
        } catch {
            fatalError("Templates/ does not load: \(error)")
        }
    }()

    private static let samples = PreviewSample.load(directory: repository.appendingPathComponent("Previews")).samples

    /// RFC 5322 §2.1.1 line limit, and a bound on the whole header section (subjects and names are
    /// limited, so their encoded headers are too).
    static let maximumLineBytes = 998
    static let maximumHeaderBytes = 64 * 1024

    static func check(_ bytes: [UInt8]) {
        var input = FuzzInput(bytes)
        let body = input.byte() % 8 == 0 ? Data(input.rest()) : RequestMutator.body(samples: samples, input: &input)
        let now = PreviewSample.referenceTime
        guard let json = try? JSONValue(parsing: body) else { return }
        let (request, envelopeProblems) = SendRequest.envelope(of: json)
        let result: MessageCatalog.Result
        do {
            result = try catalog.compose(request, envelopeProblems: envelopeProblems, id: "fuzz-1", now: request.sendAt?.date ?? now)
        } catch {
            switch error {
            case .invalidFields, .unknownMessage: return
            case .template, .composition, .signing:
                fuzzRequire(false, "a request without field problems fails to compose (\(error)): \(String(decoding: body, as: UTF8.self).prefix(2000))")
                return
            }
        }
        let eml = result.message.eml
        guard let headerEnd = eml.utf8.firstRange(of: Array("\r\n\r\n".utf8)) else {
            fuzzRequire(false, "eml without a header section")
            return
        }
        let headerBytes = eml.utf8.distance(from: eml.utf8.startIndex, to: headerEnd.lowerBound)
        fuzzRequire(headerBytes <= maximumHeaderBytes, "header section of \(headerBytes) bytes for \(String(decoding: body, as: UTF8.self).prefix(500))")
        for line in eml.utf8.split(separator: 10) {
            fuzzRequire(line.count <= maximumLineBytes + 1, "eml line of \(line.count) bytes")
        }
        do {
            let parsed = try ParsedEmail(parsing: eml)
            fuzzRequire(parsed.decodedHeader("Subject") == result.message.subject, "subject does not read back: \(result.message.subject)")
            // Without attachments: text and HTML; with them, the alternative and one part per attachment.
            let attachments = result.message.attachments?.count ?? 0
            fuzzRequire(parsed.parts.count == (attachments == 0 ? 2 : 1 + attachments), "\(parsed.parts.count) parts for \(attachments) attachments")
        } catch {
            fuzzRequire(false, "eml does not parse back (\(error))")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzSendPipeline.check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
