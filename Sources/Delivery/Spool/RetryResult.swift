/// What `SpoolStore.retry` did.
public enum RetryResult: Sendable, Hashable {
    /// It was `failed` or `unknown`; it is `queued` again, for a new attempt of the same message (same
    /// id and `Message-ID`), due now (HTTP `202`).
    case retried(MessageStatus)
    /// Not finished without success (still pending, sending, `sent` or `cancelled`): nothing changed (HTTP `409`).
    case conflict(MessageStatus)
    /// No message with that id (HTTP `404`).
    case notFound
}
