/// Builds one header field, folding it (CRLF + space) so lines stay within 78 characters
/// wherever a fold is possible; a single token longer than that stays whole (it is under 998).
struct HeaderLine {
    static let preferredLength = 78
    private(set) var text: String
    private var lineLength: Int
    private var isEmpty = true

    init(name: String) {
        text = name + ":"
        lineLength = text.utf8.count
    }

    /// How many characters the first token can have and still fit after `Name: ` on the first line.
    var roomOnFirstLine: Int { Self.preferredLength - lineLength - 1 }

    /// Appends `token` after `separator` (`""` or `","`), folding before the token when it would overflow.
    mutating func append(_ token: String, after separator: String = "") {
        text += separator
        lineLength += separator.utf8.count
        if !isEmpty, lineLength + 1 + token.utf8.count > Self.preferredLength {
            text += "\r\n "
            lineLength = 1
        } else {
            text += " "
            lineLength += 1
        }
        text += token
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
