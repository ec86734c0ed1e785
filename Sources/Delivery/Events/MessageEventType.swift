/// What happened to a message (README "Webhooks"): the `type` of an event in its timeline, in
/// `GET /v1/events` and in a webhook's body.
public enum MessageEventType: String, Codable, Sendable, CaseIterable, Hashable {
    /// Stored by an enqueue (delivered to webhooks only when `HERALD_WEBHOOK_EVENTS` lists it).
    case accepted = "message.accepted"
    case sent = "message.sent"
    case failed = "message.failed"
    case unknown = "message.unknown"
    /// Cancelled by a caller, or replaced by a newer message with the same key.
    case cancelled = "message.cancelled"
    /// An attempt failed transiently; `data` has the attempts, the last error and `nextAttemptAt`.
    case retrying = "message.retrying"
    /// An operator queued a `failed` or `unknown` message again (`POST /v1/messages/{id}/retry`).
    case resubmitted = "message.resubmitted"

    /// The types webhooks get when `HERALD_WEBHOOK_EVENTS` is unset: all but `message.accepted`,
    /// which every send would otherwise double.
    public static let deliveredByDefault: Set<Self> = Set(allCases).subtracting([.accepted])

    /// The event a worker's outcome causes.
    /// Nil for `released`: a message claimed ahead and handed back unattempted had no delivery to tell of.
    static func of(_ update: OutcomeUpdate) -> Self? {
        switch update {
        case .sent: .sent
        case .retry: .retrying
        case .failed: .failed
        case .unknown: .unknown
        case .released: nil
        }
    }
}
