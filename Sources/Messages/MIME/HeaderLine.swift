/// Builds one header field, folding it (CRLF + space) so lines stay within 78 characters
/// wherever a fold is possible; a single token longer than that stays whole (it is under 998).
/// Kept as bytes, which the composer copies into the message: `String` appends per token cost
/// more than the folding.
struct HeaderLine {
    static let preferredLength = 78
    private(set) var bytes: [UInt8]
    private var lineLength: Int
    private var isEmpty = true

    init(name: String) {
        bytes = Array(name.utf8)
        bytes.reserveCapacity(Self.preferredLength + 2)
        bytes.append(UInt8(ascii: ":"))
        lineLength = bytes.count
    }

    /// How many characters the first token can have and still fit after `Name: ` on the first line.
    var roomOnFirstLine: Int { Self.preferredLength - lineLength - 1 }

    /// Appends `token` after `separator` (`""` or `","`), folding before the token when it would overflow.
    mutating func append(_ token: String, after separator: String = "") {
        bytes.append(contentsOf: separator.utf8)
        lineLength += separator.utf8.count
        if !isEmpty, lineLength + 1 + token.utf8.count > Self.preferredLength {
            bytes.append(contentsOf: [13, 10, 32])
            lineLength = 1
        } else {
            bytes.append(32)
            lineLength += 1
        }
        bytes.append(contentsOf: token.utf8)
        lineLength += token.utf8.count
        isEmpty = false
    }
}

extension StringProtocol {
    /// True when the text holds a CR or LF byte. Checked on UTF-8 bytes on purpose: to `Character`
    /// comparison "\r\n" is one character that equals neither "\r" nor "\n".
    var containsLineBreak: Bool {
        utf8.contains { $0 == 10 || $0 == 13 }
    }
}
