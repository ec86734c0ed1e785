/// JSON written straight into an array of bytes, strings and numbers exactly as `JSONEncoder` with
/// `.withoutEscapingSlashes` writes them. The texts that must stay byte for byte what `JSONEncoder`
/// made before (a context's compact text, request fingerprints) and the outbox's lines are written
/// with it: through `Encodable`, boxing, dynamic casts and per-character escaping were most of the
/// cost of an outbox line, whose HTML and eml are most of a message.
package struct JSONOutput {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int) {
        bytes.reserveCapacity(capacity)
    }

    /// Punctuation and member names the caller knows need no escape, e.g. `,"id":`.
    package mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    package mutating func byte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// `text` quoted; `"`, `\` and control characters escaped, nothing else (as `JSONEncoder`).
    package mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            var index = 0
            while index < utf8.count {
                // Eight bytes at a time while none needs an escape: the HTML and eml of a message are
                // long runs of such bytes, and a byte-at-a-time scan was most of an outbox line's cost.
                if utf8.count - index >= 8 {
                    let word = UInt64(littleEndian: UnsafeRawBufferPointer(utf8).loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    if !Self.mayNeedEscape(word) {
                        index += 8
                        continue
                    }
                }
                let byte = utf8[index]
                if byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    appendEscape(of: byte)
                    runStart = index + 1
                }
                index += 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether any of the word's eight bytes is below 0x20, `"` or `\` (never false when one is; the
    /// classic bit tricks for "has a zero byte" and "has a byte less than n").
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highBits != 0 }
        let hasControl = (word &- ones &* 0x20) & ~word & highBits != 0
        return hasControl || hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C))
    }

    package mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { raw("null") }
    }

    package mutating func integer(_ value: Int) {
        appendDescription(String(value))
    }

    /// `JSONEncoder`'s form of a finite `Double`: its shortest description, without a trailing `.0`.
    package mutating func double(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        appendDescription(text)
    }

    /// The value compact, object members sorted by name as `JSONEncoder`'s `.sortedKeys` sorts them:
    /// by their UTF-8 bytes, not by `String`'s `<` (which orders `e\u{301}x` after `é`).
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .null: raw("null")
        case .bool(let flag): flag ? raw("true") : raw("false")
        case .integer(let number): integer(number)
        case .number(let number): appendDescription(number.description)
        case .string(let text): string(text)
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                self.value(item)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            // The pairs sorted, not the keys: looking each value up again hashed every key twice.
            for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(member.key)
                bytes.append(UInt8(ascii: ":"))
                self.value(member.value)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// `{"email":…,"name":…}`, `name` left out when absent (as the synthesized `Encodable` does).
    package mutating func address(_ address: EmailAddress) {
        raw(#"{"email":"#)
        string(address.email)
        if let name = address.name {
            raw(#","name":"#)
            string(name)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The members in `AttachmentSummary`'s sorted order: contentType, filename, sha256, size.
    package mutating func attachment(_ attachment: AttachmentSummary) {
        raw(#"{"contentType":"#)
        string(attachment.contentType)
        raw(#","filename":"#)
        string(attachment.filename)
        raw(#","sha256":"#)
        string(attachment.sha256)
        raw(#","size":"#)
        integer(attachment.size)
        bytes.append(UInt8(ascii: "}"))
    }

    package mutating func list<Item>(_ items: [Item], _ write: (inout JSONOutput, Item) -> Void) {
        bytes.append(UInt8(ascii: "["))
        for (index, item) in items.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    private mutating func appendDescription(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func appendEscape(of byte: UInt8) {
        switch byte {
        case 0x22: raw(#"\""#)
        case 0x5C: raw(#"\\"#)
        case 0x08: raw(#"\b"#)
        case 0x0C: raw(#"\f"#)
        case 0x0A: raw(#"\n"#)
        case 0x0D: raw(#"\r"#)
        case 0x09: raw(#"\t"#)
        default:
            raw(#"\u00"#)
            LowercaseHex.append(byte, to: &bytes)
        }
    }
}
