import Delivery
import Foundation
import Messages
import Testing

/// `RequestFingerprint` writes its canonical JSON directly. Fingerprints stored by earlier versions
/// were hashed from `JSONEncoder`'s text, so a retried request after an upgrade must still match its
/// key: the text must be byte for byte what `JSONEncoder` writes, for every request a caller can send.
@Suite("Request fingerprints")
struct RequestFingerprintTests {
    /// The canonical form as it was made before: a `JSONEncoder` with sorted keys over these fields.
    private struct EncoderCanonical: Encodable {
        var message: String
        var to: [EmailAddress]
        var locale: String?
        var context: JSONValue
        var key: String?
        var sendAt: Double?
        var attachments: [AttachmentSummary]?
    }

    private static func encoderFingerprint(_ request: SendRequest) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let canonical = EncoderCanonical(
            message: request.message, to: request.to, locale: request.locale, context: request.context, key: request.key,
            sendAt: request.sendAt.map { $0.date.timeIntervalSince1970 },
            attachments: request.attachments.isEmpty ? nil : request.attachments.map(\.summary))
        return FNV128Reference.hex(try encoder.encode(canonical))
    }

    static let hostile = ["", "plain", "quote \" and \\ backslash", "line\nbreak\r\ttab\u{8}\u{C}", "\u{0}\u{1F}\u{7F}", "slash / and <tag>",
                          "Zoë 🎉 \u{2028}\u{2029}", "e\u{301}", String(repeating: "long ", count: 2_000)]

    static var previewContexts: [(String, JSONValue)] {
        get throws {
            let previews = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Previews")
            var contexts: [(String, JSONValue)] = []
            for kind in try FileManager.default.contentsOfDirectory(atPath: previews.path).sorted() {
                let folder = previews.appendingPathComponent(kind)
                for file in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where file.hasSuffix(".json") {
                    contexts.append((kind, try JSONValue(parsing: try Data(contentsOf: folder.appendingPathComponent(file)))))
                }
            }
            return contexts
        }
    }

    @Test("the same fingerprint as JSONEncoder's canonical text: every preview, hostile strings, optionals, times and attachments")
    func sameAsTheEncoder() throws {
        let contexts = try Self.previewContexts
        #expect(contexts.count > 10)
        let odd: [JSONValue] = [
            .object([:]), .null, .array([.integer(Int.max), .integer(Int.min), .number(Decimal(string: "0.000000000000000000001") ?? 0),
                                         .number(Decimal(string: "123456789012345678901234567890.5") ?? 0), .bool(true), .bool(false)]),
            .object(Dictionary(uniqueKeysWithValues: Self.hostile.enumerated().map { ("\($1)\($0)", JSONValue.string($1)) })),
        ]
        let times = ["1970-01-01T00:00:00Z", "2031-03-03T09:30:00.123+02:00", "2027-06-01T00:00:00.5Z", "9999-12-30T23:59:58.999Z", "0001-01-02T00:00:00Z"]
        var checked = 0
        for (index, (kind, context)) in (contexts + odd.map { ("odd", $0) }).enumerated() {
            for variant in 0..<4 {
                let text = Self.hostile[(index + variant) % Self.hostile.count]
                var (request, _) = SendRequest.envelope(of: .object(["message": .string(kind), "to": .array([]), "context": .object([:])]))
                request.context = context
                request.to = [EmailAddress(email: "a@example.com", name: variant.isMultiple(of: 2) ? nil : text), EmailAddress(email: "\(text)@example.com", name: "B")]
                request.locale = variant == 1 ? nil : text
                request.key = variant == 2 ? nil : text
                request.sendAt = variant == 0 ? nil : try Timestamp(parsing: times[(index + variant) % times.count])
                if variant == 3 {
                    request.attachments = [Attachment(filename: text, contentType: "application/pdf", content: Array(text.utf8)),
                                           Attachment(filename: "b.csv", contentType: "text/csv", content: [])]
                }
                #expect(RequestFingerprint.of(request) == (try Self.encoderFingerprint(request)), "\(kind) variant \(variant)")
                checked += 1
            }
        }
        #expect(checked == 4 * (contexts.count + odd.count))
    }
}

/// The 128-bit FNV-1a pair the fingerprint is named by, as it was computed before (spelled out here
/// so the test does not lean on the code it checks).
private enum FNV128Reference {
    static func hex(_ bytes: Data) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x6c62_272e_07bb_0142
        for byte in bytes {
            first = (first ^ UInt64(byte)) &* 0x100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return [first, second].map { String(repeating: "0", count: 16 - String($0, radix: 16).count) + String($0, radix: 16) }.joined()
    }
}
