import Messages

/// `bytea` values in libpq's text format, both ways: `\x` and two hex digits per byte. The store
/// passes parameters and reads results as text, so a stored message travels hex-encoded (twice its
/// size, over a local socket or the database's network), which costs far less than the JSON it
/// replaced: `JSONDecoder` was a fifth of Herald's CPU in durable accept on PostgreSQL.
enum PostgresBytea {
    /// The text of a `bytea` parameter holding `bytes`.
    static func literal(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        text.reserveCapacity(2 + 2 * bytes.count)
        for byte in bytes { LowercaseHex.append(byte, to: &text) }
        return String(decoding: text, as: UTF8.self)
    }

    /// The bytes of a `bytea` result in hex format; nil for anything else (the escape format of
    /// servers older than 9.0 included).
    static func bytes(_ text: String) -> [UInt8]? {
        text.utf8.withContiguousStorageIfAvailable { decode($0) } ?? decode(Array(text.utf8))
    }

    private static func decode(_ text: some Collection<UInt8>) -> [UInt8]? {
        guard text.count >= 2, text.count % 2 == 0, text.starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "x")]) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count / 2 - 1)
        var high: UInt8?
        for character in text.dropFirst(2) {
            guard let value = HexDigit.value(character) else { return nil }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        return bytes
    }
}
