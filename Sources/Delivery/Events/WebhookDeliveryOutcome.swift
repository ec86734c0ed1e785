import Foundation

/// What became of a webhook delivery's attempt.
public enum WebhookDeliveryOutcome: Sendable, Hashable {
    /// The endpoint answered `2xx`.
    case delivered
    /// Anything else, or no answer in time: tried again at `at`.
    case retry(at: Date, error: String)
    /// Out of time (24 hours after the event by default): no more attempts.
    case abandoned(error: String)
}
