/// One attachment as a MIME body part: `Content-Type` with `name=`, `Content-Disposition: attachment`
/// with `filename=`, base64 in 76-column lines. A name that is not plain ASCII is written twice: the
/// exact UTF-8 name as an RFC 2231 `filename*=utf-8''…` (in numbered continuations when long), then
/// an ASCII fallback in the quoted `filename=`/`name=` for old clients.
enum AttachmentPart {
    /// The part's headers, blank line and body; the caller writes the boundary before it.
    static func text(_ attachment: Attachment) -> String {
        var part = "Content-Type: \(attachment.contentType);\r\n" + parameter("name", attachment.filename) + "\r\n"
        part += "Content-Disposition: attachment;\r\n" + parameter("filename", attachment.filename) + "\r\n"
        part += "Content-Transfer-Encoding: base64\r\n\r\n"
        part += Base64.encodeWrapped(attachment.content)
        return part
    }

    /// ` name="value"` for a printable-ASCII value. Any other value is written twice, each on its own
    /// folded line: first its RFC 2231 form, which parsers that keep the first of two forms
    /// (Python's `email`) and those that prefer the extended one (current clients) both take, then
    /// an ASCII fallback (`_` for each other character) for clients that know only `name=`. The
    /// reader has refused `"`, `\` and control characters, so the quoted string needs no escaping.
    static func parameter(_ name: String, _ value: String) -> String {
        let fallback = " \(name)=\"" + String(String.UnicodeScalarView(value.unicodeScalars.map { $0.isASCII ? $0 : "_" })) + "\""
        guard value.unicodeScalars.contains(where: { !$0.isASCII }) else { return fallback }
        let encoded = percentEncoded(value)
        var chunks: [String] = []
        var current = ""
        for piece in encoded {
            if current.utf8.count + piece.utf8.count > maximumChunk {
                chunks.append(current)
                current = ""
            }
            current += piece
        }
        chunks.append(current)
        var text = ""
        if chunks.count == 1 {
            text = " \(name)*=utf-8''" + current
        } else {
            text = chunks.enumerated().map { index, chunk in
                " \(name)*\(index)*=" + (index == 0 ? "utf-8''" : "") + chunk
            }.joined(separator: ";\r\n")
        }
        return text + ";\r\n" + fallback
    }

    /// Characters that fit a folded header line with room to spare.
    private static let maximumChunk = 60

    /// The UTF-8 bytes as RFC 2231 attribute characters: letters, digits and `-._~` as they are,
    /// every other byte `%XX`. One element per character written, so a chunk never splits an escape.
    private static func percentEncoded(_ value: String) -> [String] {
        let hex = Array("0123456789ABCDEF")
        return value.utf8.map { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                String(UnicodeScalar(byte))
            default:
                "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0x0F)])
            }
        }
    }
}
