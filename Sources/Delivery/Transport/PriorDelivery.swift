/// What a transport knows about an attempt that was interrupted by a crash.
public enum PriorDelivery: Sendable, Hashable {
    /// The message is at the destination: mark it sent, do not send it again.
    case delivered
    /// The message is certainly not at the destination: sending it again cannot duplicate it.
    case notDelivered
    /// The transport cannot look (SMTP).
    case cannotTell
}
