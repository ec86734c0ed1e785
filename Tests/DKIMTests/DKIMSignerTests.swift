import DKIM
import Foundation
import Messages
import TestSupport
import Testing

/// Signatures checked by dkimpy, the reference verifier, never by Herald's own code.
@Suite("DKIM signing")
struct DKIMSignerTests {
    static let keyPEM = Result { try DKIMVerifier.generateKey() }

    static func signer(selectors: [String] = ["herald2026"], pems: [String]? = nil) throws -> (DKIMSigner, [String: String]) {
        var keys: [DKIMSigner.Key] = []
        var records: [String: String] = [:]
        for (index, selector) in selectors.enumerated() {
            let pem = try pems?[index] ?? keyPEM.get()
            let key = try DKIMPrivateKey(pem: pem)
            keys.append(try DKIMSigner.Key(selector: selector, privateKey: key))
            records["\(selector)._domainkey.atelier-nord.example"] = try key.dnsRecord()
        }
        return (try DKIMSigner(domain: "atelier-nord.example", keys: keys), records)
    }

    static func composed(subject: String = "Votre échéance de 200,00 € est réglée", text: String = "Bonjour Zoë,\n\nMerci.\n") throws -> String {
        try MIMEComposer().compose(MIMEComposer.Parts(
            from: EmailAddress(email: "no-reply@atelier-nord.example", name: "Atelier Nord"),
            to: [EmailAddress(email: "zoe@example.com", name: "Zoë Durand")],
            subject: subject, text: text, html: "<p>Bonjour Zoë,</p>\n<p>Merci.</p>\n", id: "msg-1", date: Date(timeIntervalSince1970: 1_788_000_000))).eml
    }

    @Test("a signed message verifies with dkimpy, over the exact bytes")
    func verifies() throws {
        let (signer, records) = try Self.signer()
        let signed = try signer.sign(try Self.composed(), at: Date(timeIntervalSince1970: 1_788_000_000))
        #expect(signed.hasPrefix("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=atelier-nord.example;"))
        #expect(signed.contains("t=1788000000;"))
        #expect(signed.split(separator: "\r\n", omittingEmptySubsequences: false).allSatisfy { $0.utf8.count <= 78 })
        #expect(try DKIMVerifier.verify([signed], records: records) == [["pass"]])
        #expect(try DKIMPrivateKey(pem: try Self.keyPEM.get()).dnsRecord() == DKIMVerifier.publicRecord(ofKey: try Self.keyPEM.get()))
    }

    @Test("the same inputs give the same bytes (goldens stay stable)")
    func deterministic() throws {
        let (signer, _) = try Self.signer()
        let message = try Self.composed()
        let time = Date(timeIntervalSince1970: 1_788_000_000)
        #expect(try signer.sign(message, at: time) == signer.sign(message, at: time))
    }

    @Test("what relays do to whitespace, folding and header-name case still verifies")
    func relaxedTolerance() throws {
        let (signer, records) = try Self.signer()
        let signed = try signer.sign(try Self.composed(), at: Date(timeIntervalSince1970: 1_788_000_000))
        let refolded = signed.replacingOccurrences(of: "\r\nSubject: ", with: "\r\nsubject:   ")
        let trailingBlankLines = signed + "\r\n\r\n"
        let trailingSpaces = signed.replacingOccurrences(of: "Content-Transfer-Encoding: quoted-printable\r\n", with: "Content-Transfer-Encoding:  quoted-printable \r\n")
        let results = try DKIMVerifier.verify([refolded, trailingBlankLines, trailingSpaces], records: records)
        #expect(results == [["pass"], ["pass"], ["pass"]])
    }

    @Test("a changed word, an added From or Subject, or a changed date fails verification")
    func tampering() throws {
        let (signer, records) = try Self.signer()
        let signed = try signer.sign(try Self.composed(), at: Date(timeIntervalSince1970: 1_788_000_000))
        guard let headerEnd = signed.range(of: "\r\nFrom: ") else {
            Issue.record("no From header in \(signed)")
            return
        }
        let bodyChanged = signed.replacingOccurrences(of: "Merci", with: "Payez")
        let extraFrom = signed.replacingCharacters(in: headerEnd, with: "\r\nFrom: attacker@evil.example\r\nFrom: ")
        let extraSubject = signed.replacingOccurrences(of: "\r\nMIME-Version: 1.0", with: "\r\nSubject: Urgent: pay now\r\nMIME-Version: 1.0")
        let dateChanged = signed.replacingOccurrences(of: "\r\nDate: ", with: "\r\nDate: Mon, 01 Jan 2029 00:00:00 +0000\r\nX-Old-Date: ")
        let results = try DKIMVerifier.verify([bodyChanged, extraFrom, extraSubject, dateChanged], records: records)
        #expect(results == [["fail"], ["fail"], ["fail"], ["fail"]])
    }

    @Test("two selectors give two signatures that both verify (key rotation)")
    func rotation() throws {
        let second = try DKIMVerifier.generateKey(bits: 3072)
        let (signer, records) = try Self.signer(selectors: ["old", "new"], pems: [try Self.keyPEM.get(), second])
        let signed = try signer.sign(try Self.composed(), at: Date(timeIntervalSince1970: 1_788_000_000))
        #expect(signed.components(separatedBy: "DKIM-Signature:").count == 3)
        #expect(try DKIMVerifier.verify([signed], records: records) == [["pass", "pass"]])
        var onlyNew = records
        onlyNew["old._domainkey.atelier-nord.example"] = nil
        #expect(try DKIMVerifier.verify([signed], records: onlyNew) == [["fail", "pass"]])
    }

    @Test("a long subject, non-ASCII names and a body without a final line break verify")
    func awkwardMessages() throws {
        let (signer, records) = try Self.signer()
        let long = try Self.composed(subject: String(repeating: "Échéance réglée — merci ", count: 12), text: "no final newline")
        let signed = try signer.sign(long, at: Date(timeIntervalSince1970: 0))
        #expect(try DKIMVerifier.verify([signed], records: records) == [["pass"]])
    }

    @Test("keys Herald must refuse: short, encrypted, not RSA, not a key")
    func refusedKeys() throws {
        #expect(throws: DKIMError.keyTooShort(bits: 1024)) { try DKIMPrivateKey(pem: DKIMVerifier.generateKey(bits: 1024)) }
        #expect(throws: DKIMError.encryptedKey) { try DKIMPrivateKey(pem: DKIMVerifier.generateKey(encrypted: true)) }
        #expect(throws: DKIMError.notRSA) { try DKIMPrivateKey(pem: DKIMVerifier.generateKey(algorithm: "EC")) }
        #expect {
            try DKIMPrivateKey(pem: "-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n")
        } throws: { error in
            guard case .unreadableKey(let detail) = error as? DKIMError else { return false }
            return !detail.isEmpty
        }
        #expect(throws: DKIMError.self) { try DKIMPrivateKey(pem: "") }
    }

    @Test("domains and selectors are DNS names; a message needs a header block and a From")
    func refusedNames() throws {
        let key = try DKIMPrivateKey(pem: try Self.keyPEM.get())
        #expect(throws: DKIMError.invalidName(field: "selector", value: "a b")) { try DKIMSigner.Key(selector: "a b", privateKey: key) }
        #expect(throws: DKIMError.invalidName(field: "selector", value: "x;h=from")) { try DKIMSigner.Key(selector: "x;h=from", privateKey: key) }
        let valid = try DKIMSigner.Key(selector: "s1", privateKey: key)
        for domain in ["", "example..com", ".example.com", "-a.example", "exa mple.com", "example.com\r\nBcc: x@y"] {
            #expect(throws: DKIMError.invalidName(field: "domain", value: domain)) { try DKIMSigner(domain: domain, keys: [valid]) }
        }
        #expect(throws: DKIMError.noKeys) { try DKIMSigner(domain: "example.com", keys: []) }
        let signer = try DKIMSigner(domain: "example.com", keys: [valid])
        #expect(throws: DKIMError.malformedMessage("no blank line between header and body")) { try signer.sign("From: a@b.c\r\n", at: Date()) }
        #expect(throws: DKIMError.malformedMessage("no From header")) { try signer.sign("To: a@b.c\r\n\r\nbody\r\n", at: Date()) }
    }
}
