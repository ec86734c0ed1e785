extension StringProtocol {
    /// True when the text holds a CR or LF byte. Checked on UTF-8 bytes on purpose: to `Character`
    /// comparison "\r\n" is one character that equals neither "\r" nor "\n".
    var containsLineBreak: Bool {
        utf8.contains { $0 == 10 || $0 == 13 }
    }
}
