/// Classifies a libcurl SMTP transaction into a delivery outcome.
///
/// - `0` → accepted.
/// - a `4xx` reply (at RCPT, or at the end of DATA: libcurl says "weird server reply") → transient.
/// - a `5xx` reply (recipient rejected, authentication refused, message refused) → permanent.
/// - TLS refused by policy (STARTTLS not offered while required, certificate not trusted) → permanent:
///   Herald does not send in clear or to an unverified server.
/// - no reply code after the whole body was handed over (connection dropped, reply timed out) → unknown.
/// - anything else before the body (refused, timeout, handshake error) → transient.
enum SMTPOutcome {
    static let couldNotResolve = 6, couldNotConnect = 7, timedOut = 28
    static let peerFailedVerification = 60, useSSLFailed = 64

    static func classify(_ result: CurlSendResult) -> DeliveryOutcome {
        if result.code == 0 { return .accepted }
        let text = describe(result)
        switch result.reply {
        case 400...499: return .transient(text)
        case 500...599: return .permanent(text)
        default: break
        }
        if result.code == useSSLFailed || result.code == peerFailedVerification { return .permanent(text) }
        if result.bodySent { return .unknown("connection lost after the message was sent: " + text) }
        return .transient(text)
    }

    static func describe(_ result: CurlSendResult) -> String {
        var text = result.detail.isEmpty ? result.summary : result.detail
        if result.reply > 0, !text.contains(String(result.reply)) { text += " (SMTP \(result.reply))" }
        return text + " [curl \(result.code)]"
    }
}
