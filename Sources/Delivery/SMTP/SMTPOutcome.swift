/// Classifies a libcurl SMTP transaction into a delivery outcome.
///
/// - `0` → accepted.
/// - a `4xx` reply (at RCPT, or at the end of DATA: libcurl says "weird server reply") → transient.
/// - a `5xx` reply (recipient rejected, authentication refused, message refused) → permanent.
/// - TLS refused by policy (STARTTLS not offered while required, certificate not trusted) → permanent:
///   Herald does not send in clear or to an unverified server.
/// - no final reply after the whole body was handed to libcurl (the connection dropped or the reply timed
///   out after the final `.`, or was never sent because the body stalled in the socket) → unknown: the
///   server may have the message. The one exception is a failed write: the final `.` never left.
/// - anything else before the body was handed over (refused, timeout, handshake error, a drop in the
///   middle of the body) → transient.
enum SMTPOutcome {
    static let couldNotResolve = 6, couldNotConnect = 7, timedOut = 28
    static let sendError = 55
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
        if result.bodySent, result.code != sendError {
            let what = result.code == timedOut ? "no reply in time after the message was sent" : "connection lost after the message was sent"
            return .unknown(what + " (it may have been delivered): " + text)
        }
        return .transient(text)
    }

    static func describe(_ result: CurlSendResult) -> String {
        var text = result.detail.isEmpty ? result.summary : result.detail
        if result.reply > 0, !text.contains(String(result.reply)) { text += " (SMTP \(result.reply))" }
        return text + " [curl \(result.code)]"
    }
}
