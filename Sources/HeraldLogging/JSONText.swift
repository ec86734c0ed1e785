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
            bytes.append(contentsOf: text.utf8)
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": bytes.append(contentsOf: #"\""#.utf8)
                case "\\": bytes.append(contentsOf: #"\\"#.utf8)
                case "\n": bytes.append(contentsOf: #"\n"#.utf8)
                case "\r": bytes.append(contentsOf: #"\r"#.utf8)
                case "\t": bytes.append(contentsOf: #"\t"#.utf8)
                case "\u{2028}": bytes.append(contentsOf: #"\u2028"#.utf8)
                case "\u{2029}": bytes.append(contentsOf: #"\u2029"#.utf8)
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        let hex = String(scalar.value, radix: 16)
                        bytes.append(contentsOf: (#"\u"# + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                    } else {
                        bytes.append(contentsOf: String(scalar).utf8)
                    }
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
