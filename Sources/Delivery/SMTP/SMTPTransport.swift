import Foundation
import Messages

/// Delivers over SMTP with the system libcurl: STARTTLS required by default, `smtps://`, AUTH, a custom
/// CA, and a bound on each phase (connect, every reply, upload speed, the whole send). The envelope
/// sender is the message's `from`, the recipients its `to`; the bytes sent are exactly `eml` (libcurl
/// dot-stuffs).
///
/// Connections are reused across messages: each send borrows an easy handle (with its open connection)
/// from a small pool and returns it, so `poolSize` concurrent sends keep `poolSize` connections. A
/// connection whose transaction failed is closed, never reused: it may still carry a late reply.
public struct SMTPTransport: Transport {
    public let configuration: SMTPConfiguration
    private let pool: CurlHandlePool

    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
        self.pool = CurlHandlePool(configuration: configuration)
    }

    public func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        let addresses = [message.from.email] + message.to.map(\.email)
        if let unsafe = addresses.first(where: { !Self.isSafeEnvelopeAddress($0) }) {
            return .permanent("refusing an envelope address with a line break or angle bracket: \(unsafe.debugDescription)")
        }
        guard !message.to.isEmpty else { return .permanent("the message has no recipient") }
        guard !message.eml.isEmpty else { return .permanent("the message is empty") }
        guard let handle = pool.checkOut() else { return .transient("libcurl could not create a handle") }
        let result = handle.send(from: message.from.email, to: message.to.map(\.email), body: Array(message.eml.utf8))
        pool.checkIn(handle, succeeded: result.code == 0)
        return SMTPOutcome.classify(result)
    }

    /// Addresses go into `MAIL FROM:<…>` and `RCPT TO:<…>` verbatim: a CR, LF or bracket would let data
    /// become SMTP commands. The catalog rejects such addresses already; this is the last line of defence.
    static func isSafeEnvelopeAddress(_ address: String) -> Bool {
        !address.isEmpty && !address.unicodeScalars.contains { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" || $0.value == 0 }
    }
}
