import Foundation

/// Signs composed messages with DKIM (RFC 6376): `rsa-sha256`, relaxed/relaxed, one `DKIM-Signature`
/// per selector so a key can be rotated by publishing the new selector before retiring the old one.
///
/// The signature covers a fixed list of headers (those present) and over-signs `From`, `To`, `Subject`,
/// `Reply-To` and `Date`: each is listed once more than it occurs, so a header of those names added on
/// the way breaks the signature instead of being shown to the reader as signed.
public struct DKIMSigner: Sendable, Equatable {
    /// One selector and the private key published under `<selector>._domainkey.<domain>`.
    public struct Key: Sendable, Equatable {
        public let selector: String
        public let privateKey: DKIMPrivateKey

        public init(selector: String, privateKey: DKIMPrivateKey) throws(DKIMError) {
            guard DKIMSigner.isDNSName(selector) else { throw .invalidName(field: "selector", value: selector) }
            self.selector = selector
            self.privateKey = privateKey
        }
    }

    /// The signing domain (`d=`); for DMARC alignment, the `From` domain or a parent of it.
    public let domain: String
    public let keys: [Key]

    public init(domain: String, keys: [Key]) throws(DKIMError) {
        guard Self.isDNSName(domain) else { throw .invalidName(field: "domain", value: domain) }
        guard !keys.isEmpty else { throw .noKeys }
        self.domain = domain.lowercased()
        self.keys = keys
    }

    /// Headers signed when present, in this order.
    static let signedHeaders = [
        "from", "reply-to", "to", "cc", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding", "auto-submitted", "list-unsubscribe", "list-unsubscribe-post",
    ]
    /// Headers listed once more than they occur (see the type's documentation).
    static let overSignedHeaders: Set<String> = ["from", "reply-to", "to", "subject", "date"]

    /// `message` with one `DKIM-Signature` per key prepended. `time` is the signature's `t=` (the
    /// message's `Date`, so the same inputs give the same bytes).
    public func sign(_ message: String, at time: Date) throws(DKIMError) -> String {
        let bytes = Array(message.utf8)
        guard let separator = Self.headerEnd(bytes) else { throw .malformedMessage("no blank line between header and body") }
        let fields = Self.headerFields(bytes[..<separator])
        let body = bytes[(separator + 4)...]
        let bodyHash = try LibCrypto.sha256(RelaxedCanonicalization.body(body))

        var names: [String] = []
        var canonicalHeaders: [UInt8] = []
        var remaining = fields
        for name in Self.signedHeaders {
            let present = fields.filter { $0.name == name }.count
            guard present > 0 || Self.overSignedHeaders.contains(name) else { continue }
            let listed = present + (Self.overSignedHeaders.contains(name) ? 1 : 0)
            for _ in 0..<listed {
                names.append(name)
                // RFC 6376 §5.4.2: each listing takes the last instance not yet used; none is the empty string.
                if let index = remaining.lastIndex(where: { $0.name == name }) {
                    canonicalHeaders += RelaxedCanonicalization.header(remaining[index].bytes)
                    remaining.remove(at: index)
                }
            }
        }
        guard names.contains("from"), fields.contains(where: { $0.name == "from" }) else {
            throw .malformedMessage("no From header")
        }

        var signatures = ""
        for key in keys {
            let unsigned = Self.signatureHeader(
                domain: domain, selector: key.selector, time: time, names: names,
                bodyHash: Data(bodyHash).base64EncodedString())
            let signedBytes = canonicalHeaders + RelaxedCanonicalization.header(ArraySlice(Array(unsigned.utf8))).dropLast(2)
            let signature = try key.privateKey.sign(signedBytes)
            signatures += unsigned + Self.folded(Data(signature).base64EncodedString()) + "\r\n"
        }
        return signatures + message
    }

    /// The `DKIM-Signature` header up to and including `b=`, folded below 78 columns.
    private static func signatureHeader(domain: String, selector: String, time: Date, names: [String], bodyHash: String) -> String {
        let timestamp = Int64(time.timeIntervalSince1970.rounded(.down))
        var header = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=\(domain);\r\n"
        header += " s=\(selector); t=\(timestamp);\r\n"
        var line = " h="
        for (index, name) in names.enumerated() {
            let piece = name + (index == names.count - 1 ? ";" : ":")
            if line.utf8.count + piece.utf8.count > 76 {
                header += line + "\r\n"
                line = "  "
            }
            line += piece
        }
        header += line + "\r\n"
        header += " bh=\(bodyHash);\r\n"
        header += " b="
        return header
    }

    /// The signature value in lines of at most 76 columns (folding inside `b=` is ignored by verifiers).
    private static func folded(_ value: String) -> String {
        var output = ""
        var line = Substring(value)
        var first = true
        while !line.isEmpty {
            let width = first ? 73 : 75
            if !first { output += "\r\n " }
            output += line.prefix(width)
            line = line.dropFirst(width)
            first = false
        }
        return output
    }

    /// One header field: its lower-cased name and its bytes (with folding, without the final CRLF).
    struct HeaderField {
        let name: String
        let bytes: ArraySlice<UInt8>
    }

    static func headerFields(_ header: ArraySlice<UInt8>) -> [HeaderField] {
        var fields: [HeaderField] = []
        var start = header.startIndex
        var index = header.startIndex
        func finish(at end: Int) {
            guard end > start else { return }
            let bytes = header[start..<end]
            let name = bytes.prefix(while: { $0 != UInt8(ascii: ":") })
            fields.append(HeaderField(name: String(decoding: name, as: UTF8.self).trimmingCharacters(in: .whitespaces).lowercased(), bytes: bytes))
        }
        while index < header.endIndex {
            if header[index] == UInt8(ascii: "\r"), index + 1 < header.endIndex, header[index + 1] == UInt8(ascii: "\n") {
                let next = index + 2
                let continues = next < header.endIndex && (header[next] == UInt8(ascii: " ") || header[next] == UInt8(ascii: "\t"))
                if !continues {
                    finish(at: index)
                    start = next
                }
                index = next
            } else {
                index += 1
            }
        }
        finish(at: header.endIndex)
        return fields
    }

    /// The index of the CRLF CRLF that ends the header block.
    static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    static func isDNSName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { return false }
        return name.split(separator: ".").allSatisfy { label in
            label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
        }
    }
}
