/// The result of one delivery attempt, classified so the spool knows what to do next.
public enum DeliveryOutcome: Sendable, Hashable {
    /// The destination took responsibility for the message (SMTP `250` after DATA, or a durable outbox line).
    case accepted
    /// It did not get there, and trying again later may work (connection refused, timeout before the
    /// body was sent, a `4xx` reply). The spool retries with backoff.
    case transient(String)
    /// It will never get there as it is (`5xx`, invalid recipient, authentication refused).
    case permanent(String)
    /// The body was sent but the reply never came (the connection broke or timed out after DATA):
    /// the message may or may not have been delivered.
    case unknown(String)

    /// The error text, when there is one.
    public var error: String? {
        switch self {
        case .accepted: nil
        case .transient(let text), .permanent(let text), .unknown(let text): text
        }
    }
}
