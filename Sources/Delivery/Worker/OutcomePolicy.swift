import Foundation

/// Turns a transport's outcome into the message's next state.
///
/// `unknown` (the body was sent, the reply never came) is only retried when the message has a key:
/// the retry carries the same `Message-ID`, and a transport that can look (the outbox) deduplicates it.
/// Without a key Herald reports `unknown` rather than risk sending a second copy.
struct OutcomePolicy: Sendable {
    let retry: RetryPolicy

    func update(for outcome: DeliveryOutcome, of record: SpoolRecord, now: Date) -> OutcomeUpdate {
        switch outcome {
        case .accepted:
            return .sent
        case .permanent(let error):
            return .failed(error: error)
        case .transient(let error):
            guard let next = retry.nextAttempt(afterAttempts: record.attempts, createdAt: record.createdAt, now: now) else {
                return .failed(error: "gave up after \(record.attempts) attempts: \(error)")
            }
            return .retry(at: next, error: error, mayHaveBeenDelivered: false)
        case .unknown(let error):
            guard record.key != nil,
                  let next = retry.nextAttempt(afterAttempts: record.attempts, createdAt: record.createdAt, now: now)
            else { return .unknown(error: error) }
            return .retry(at: next, error: error, mayHaveBeenDelivered: true)
        }
    }

    /// What to do with a message a dead worker left in `sending`.
    ///
    /// Accepted mail is delivered at least once across crashes (README "SMTP timeouts, hung relays, and outcomes"), so when the transport cannot
    /// tell (SMTP) the message is sent again, with the same `Message-ID`, key or not. Unlike a live
    /// `unknown` outcome there is no evidence the body was sent at all: the process may have died anywhere
    /// between the claim and the reply. Where the transport can tell (the outbox) it is exactly once.
    func recovery(of record: SpoolRecord, prior: PriorDelivery, now: Date) -> OutcomeUpdate {
        switch prior {
        case .delivered:
            return .sent
        case .notDelivered:
            return .retry(at: now, error: "interrupted by a restart before delivery", mayHaveBeenDelivered: record.mayHaveBeenDelivered)
        case .cannotTell:
            return .retry(at: now, error: "interrupted by a restart while sending; sent again with the same Message-ID", mayHaveBeenDelivered: true)
        }
    }
}
