import Foundation
import Messages

/// Delivers over SMTP with the system libcurl: STARTTLS required by default, `smtps://`, AUTH, a custom
/// CA, connect and overall timeouts. The envelope sender is the message's `from`, the recipients its `to`;
/// the bytes sent are exactly `eml` (libcurl dot-stuffs).
///
/// Connections are reused across messages: each send borrows an easy handle (with its open connection)
/// from a small pool and returns it, so `poolSize` concurrent sends keep `poolSize` connections.
public struct SMTPTransport: Transport {
    public let configuration: SMTPConfiguration
    private let pool: CurlHandlePool

    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
        self.pool = CurlHandlePool(configuration: configuration)
    }

    public func deliver(_ message: ComposedMessage, attempt: DeliveryAttempt) -> DeliveryOutcome {
        guard let handle = pool.checkOut() else { return .transient("libcurl could not create a handle") }
        let result = handle.send(from: message.from.email, to: message.to.map(\.email), body: Array(message.eml.utf8))
        pool.checkIn(handle)
        return SMTPOutcome.classify(result)
    }
}
