import Foundation

/// The state a worker moves a claimed (`sending`) message to, decided from the transport's outcome
/// and the retry policy.
public enum OutcomeUpdate: Sendable, Hashable {
    case sent
    case retry(at: Date, error: String, mayHaveBeenDelivered: Bool)
    case failed(error: String)
    case unknown(error: String)
    /// Never attempted: the worker claimed it ahead and stopped first. It goes back to the queue, due
    /// now, its claim's attempt uncounted.
    case released
}
