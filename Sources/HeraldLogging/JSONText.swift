/// JSON string escaping for hand-built JSON on hot paths: log lines here, and the service's error
/// bodies (hence `package`: one escaper for the whole package, not a public API).
package enum JSONText {
    package static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        appendQuoted(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `text` as a JSON string, quotes included, appended to `bytes` (a log line being built).
    package static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most keys and values need no escape: one scan over the bytes, then one copy. (0xE2 leads
        // U+2028 and U+2029, and sends a text to the careful path.)
        let plain = !text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == 0x7F || $0 == 0xE2 }
        if plain {
            bytes.appendUTF8(text)
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": bytes.appendUTF8(#"\""#)
                case "\\": bytes.appendUTF8(#"\\"#)
                case "\n": bytes.appendUTF8(#"\n"#)
                case "\r": bytes.appendUTF8(#"\r"#)
                case "\t": bytes.appendUTF8(#"\t"#)
                case "\u{2028}": bytes.appendUTF8(#"\u2028"#)
                case "\u{2029}": bytes.appendUTF8(#"\u2029"#)
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        let hex = String(scalar.value, radix: 16)
                        bytes.appendUTF8(#"\u"# + String(repeating: "0", count: 4 - hex.count) + hex)
                    } else {
                        bytes.appendUTF8(String(scalar))
                    }
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
