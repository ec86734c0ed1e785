/// What `cancel(id:)` did.
public enum CancelResult: Sendable, Hashable {
    /// It had not been handed to the transport; it is now `cancelled` (HTTP `200`).
    case cancelled(MessageStatus)
    /// Too late: it is being sent or is finished (`sent`, `failed`, …); nothing changed (HTTP `409`).
    case conflict(MessageStatus)
    /// No message with that id (HTTP `404`).
    case notFound
}
