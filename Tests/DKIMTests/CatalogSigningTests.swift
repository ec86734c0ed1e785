import DKIM
import Foundation
import Messages
import TestSupport
import Testing

/// Every message Herald's catalog makes, signed as `herald serve` signs it, verifies with dkimpy, and
/// signing only prepends its header: the rest of the message is byte for byte the unsigned one.
@Suite("DKIM over the catalog")
struct CatalogSigningTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("every preview in every locale verifies, and signing changes nothing but the added header")
    func everyMessageVerifies() throws {
        let renderer = try MessageRenderer(templatesDirectory: Self.root.appendingPathComponent("Templates"))
        let key = try DKIMPrivateKey(pem: try DKIMVerifier.generateKey())
        let signer = try DKIMSigner(domain: "atelier-nord.example", keys: [try DKIMSigner.Key(selector: "mail", privateKey: key)])
        let sender = EmailAddress(email: "no-reply@atelier-nord.example", name: "Atelier Nord")
        let signing = MessageCatalog(renderer: renderer, sender: sender, signer: signer)
        let plain = MessageCatalog(renderer: renderer, sender: sender)
        let samples = PreviewSample.load(directory: Self.root.appendingPathComponent("Previews")).samples
        #expect(samples.count >= 15)

        var signed: [String] = []
        for sample in samples {
            for locale in renderer.languages.map(\.rawValue) {
                let request = MessageCatalog.Request(
                    message: sample.kind.rawValue, locale: locale, to: [EmailAddress(email: "zoe@example.com", name: "Zoë « Durand »")],
                    context: sample.context)
                let message = try signing.compose(request, id: "msg-\(sample.variant)", now: PreviewSample.referenceTime).message.eml
                let unsigned = try plain.compose(request, id: "msg-\(sample.variant)", now: PreviewSample.referenceTime).message.eml
                #expect(message.hasPrefix("DKIM-Signature: "))
                #expect(message.hasSuffix(unsigned))
                #expect(message.components(separatedBy: "DKIM-Signature:").count == 2)
                signed.append(message)
            }
        }
        let results = try DKIMVerifier.verify(signed, records: ["mail._domainkey.atelier-nord.example": try key.dnsRecord()])
        #expect(results.count == signed.count)
        #expect(results.allSatisfy { $0 == ["pass"] }, "\(results)")
    }

    @Test("a message with attachments is signed over its whole multipart/mixed body and verifies")
    func attachmentsVerify() throws {
        let renderer = try MessageRenderer(templatesDirectory: Self.root.appendingPathComponent("Templates"))
        let key = try DKIMPrivateKey(pem: try DKIMVerifier.generateKey())
        let signer = try DKIMSigner(domain: "atelier-nord.example", keys: [try DKIMSigner.Key(selector: "mail", privateKey: key)])
        let catalog = MessageCatalog(renderer: renderer, sender: EmailAddress(email: "no-reply@atelier-nord.example", name: "Atelier Nord"), signer: signer)
        let sample = try #require(PreviewSample.load(directory: Self.root.appendingPathComponent("Previews")).samples.first { $0.attachments != nil })
        let json = JSONValue.object([
            "message": .string(sample.kind.rawValue), "to": .array([.object(["email": .string("zoe@example.com")])]),
            "context": sample.context, "attachments": try #require(sample.attachments),
        ])
        let (request, problems) = SendRequest.envelope(of: json)
        #expect(problems.isEmpty)
        let eml = try catalog.compose(request, envelopeProblems: problems, id: "msg-attached", now: PreviewSample.referenceTime).message.eml
        #expect(eml.contains("Content-Type: multipart/mixed;"))
        let results = try DKIMVerifier.verify([eml], records: ["mail._domainkey.atelier-nord.example": try key.dnsRecord()])
        #expect(results == [["pass"]], "\(results)")
    }
}

