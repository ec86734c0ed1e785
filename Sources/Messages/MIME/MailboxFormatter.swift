/// Writes header values from caller text: display names, mailboxes and unstructured text (subjects).
enum MailboxFormatter {
    /// Characters allowed in an RFC 5322 atom.
    private static let atomExtras = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)

    /// The tokens of an unstructured value: plain words when it is short-worded ASCII with nothing
    /// that looks like an encoded-word, else encoded-words.
    static func unstructuredTokens(_ text: String, firstLineRoom: Int) -> [String] {
        guard isPlainASCII(text) else { return EncodedWord.encode(text, firstWordLimit: firstLineRoom) }
        // ASCII, so splitting the bytes is splitting the characters (and skips grapheme breaking).
        let words = text.utf8.split(separator: 32).map { String(decoding: $0, as: UTF8.self) }
        return words.allSatisfy { $0.utf8.count <= 70 } ? words : EncodedWord.encode(text, firstWordLimit: firstLineRoom)
    }

    /// Printable ASCII with single spaces between words and nothing that reads as an encoded-word,
    /// so it can be written as is (and folded at its spaces).
    static func isPlainASCII(_ text: String) -> Bool {
        var previous: UInt8 = 32
        for byte in text.utf8 {
            guard byte >= 32, byte < 127, !(byte == 32 && previous == 32), !(byte == UInt8(ascii: "?") && previous == UInt8(ascii: "=")) else {
                return false
            }
            previous = byte
        }
        return previous != 32
    }

    /// The tokens of `Name <address>` (or just `address`): a quoted string for ASCII names that need
    /// quoting, encoded-words for non-ASCII or very long names, and for names holding `=?`: common
    /// readers (Python's `email`, several mail clients) decode encoded-words even inside a quoted
    /// string, so `"=?utf-8?q?Bank?="` would be read as `Bank`.
    static func mailboxTokens(_ mailbox: EmailAddress, firstLineRoom: Int) -> [String] {
        guard let name = mailbox.name, !name.isEmpty else { return [mailbox.email] }
        let address = "<\(mailbox.email)>"
        // Checked on bytes: for ASCII, alphabetic is A–Z and a–z, and a phrase is atoms between single spaces.
        let bytes = name.utf8
        let ascii = bytes.allSatisfy { $0 >= 32 && $0 < 127 }
        if ascii, bytes.count <= 60, !containsEncodedWordStart(bytes) {
            let isPhrase = bytes.allSatisfy { $0 == 32 || atomBytes[Int($0)] } && isPlainASCII(name)
            if isPhrase { return [name, address] }
            var quoted: [UInt8] = [UInt8(ascii: "\"")]
            for byte in bytes {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { quoted.append(UInt8(ascii: "\\")) }
                quoted.append(byte)
            }
            quoted.append(UInt8(ascii: "\""))
            return [String(decoding: quoted, as: UTF8.self), address]
        }
        return EncodedWord.encode(name, firstWordLimit: firstLineRoom) + [address]
    }

    private static func containsEncodedWordStart(_ bytes: String.UTF8View) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if previous == UInt8(ascii: "="), byte == UInt8(ascii: "?") { return true }
            previous = byte
        }
        return false
    }

    /// Letters, digits and the atom's other characters, as a 256-entry table.
    private static let atomBytes: [Bool] = (0...255).map { byte in
        let scalar = Unicode.Scalar(UInt8(byte))
        return ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || atomExtras.contains(scalar)
    }
}
