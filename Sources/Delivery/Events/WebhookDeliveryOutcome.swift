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

extension WebhookDeliveryOutcome {
    /// The delivery row's `state`, `due_at` and `last_error` after this outcome, as both stores write them.
    func row(now: Date) -> (state: String, due: Date, error: String?) {
        switch self {
        case .delivered: ("delivered", now, nil)
        case .retry(let at, let error): ("pending", at, error)
        case .abandoned(let error): ("abandoned", now, error)
        }
    }
}
