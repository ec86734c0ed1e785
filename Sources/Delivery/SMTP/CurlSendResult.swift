/// What one `curl_easy_perform` of an SMTP transaction reported.
struct CurlSendResult: Sendable, Hashable {
    /// The `CURLcode` (0 = the server accepted the message).
    var code: Int
    /// The last SMTP reply code libcurl saw (0 when none).
    var reply: Int
    /// libcurl took the whole message body from the read callback (and so sent, or was sending, the final `.`).
    var bodySent: Bool
    /// `curl_easy_strerror` of the code.
    var summary: String
    /// libcurl's error buffer: the specific reason, e.g. `RCPT failed: 550`.
    var detail: String
}
