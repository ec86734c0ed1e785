import Messages

/// An independent reader of one RFC 5322 mailbox as Herald writes it (and as a configured
/// `Name <address>` is written): `addr-spec`, or a display name of atoms, quoted strings (with
/// quoted pairs) and encoded-words (RFC 2047 §6.2: no space between adjacent ones) before `<addr-spec>`.
/// Nil for anything outside that grammar.
enum MailboxReader {
    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)

    static func mailbox(_ text: String) -> EmailAddress? {
        let bytes = Array(text.utf8)
        guard bytes.last == UInt8(ascii: ">"), let open = bytes.lastIndex(of: UInt8(ascii: "<")) else {
            return AddressValidator.problem(with: text) == nil ? EmailAddress(email: text) : nil
        }
        let email = String(decoding: bytes[(open + 1)..<(bytes.count - 1)], as: UTF8.self)
        guard AddressValidator.problem(with: email) == nil, let name = displayName(bytes[..<open]) else { return nil }
        return EmailAddress(email: email, name: name.isEmpty ? nil : name)
    }

    private enum Word {
        case atom(String), quoted(String), encoded(String)
    }

    private static func displayName(_ bytes: ArraySlice<UInt8>) -> String? {
        var words: [Word] = []
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 32 || byte == 9 {
                index += 1
            } else if byte == UInt8(ascii: "\"") {
                var value: [UInt8] = []
                index += 1
                while true {
                    guard index < bytes.endIndex else { return nil }
                    let next = bytes[index]
                    if next == UInt8(ascii: "\"") { break }
                    if next == UInt8(ascii: "\\") {
                        guard index + 1 < bytes.endIndex else { return nil }
                        index += 1
                    }
                    value.append(bytes[index])
                    index += 1
                }
                index += 1
                words.append(.quoted(String(decoding: value, as: UTF8.self)))
            } else {
                let start = index
                while index < bytes.endIndex, bytes[index] != 32, bytes[index] != 9 { index += 1 }
                let token = bytes[start..<index]
                let text = String(decoding: token, as: UTF8.self)
                if token.starts(with: Array("=?".utf8)) {
                    let decoded = EncodedWord.decodeHeaderValue(text)
                    guard decoded != text else { return nil }
                    words.append(.encoded(decoded))
                } else {
                    guard token.allSatisfy({ atext.contains($0) }) else { return nil }
                    words.append(.atom(text))
                }
            }
        }
        var name = ""
        for (position, word) in words.enumerated() {
            switch word {
            case .atom(let text), .quoted(let text):
                name += (position > 0 ? " " : "") + text
            case .encoded(let text):
                if position > 0, case .encoded = words[position - 1] {} else if position > 0 { name += " " }
                name += text
            }
        }
        return name
    }
}
