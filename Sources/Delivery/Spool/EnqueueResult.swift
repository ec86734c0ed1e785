/// What `enqueue` did. Accepted results (`created`, `replayed`, `replaced`) are on disk when returned.
public struct EnqueueResult: Sendable, Hashable {
    /// The message the caller should refer to: the new one, or, for `replayed` and `conflict`, the existing one.
    public var status: MessageStatus
    public var disposition: EnqueueDisposition

    public init(status: MessageStatus, disposition: EnqueueDisposition) {
        self.status = status
        self.disposition = disposition
    }

    public var id: String { status.id }
}

/// How an enqueue relates to earlier messages with the same key (README "API").
public enum EnqueueDisposition: Sendable, Hashable {
    /// A new message (HTTP `202`).
    case created
    /// Same key, same request: nothing new was stored; `status` is the first message's (HTTP `200`).
    case replayed
    /// Same key, other request, and the earlier message was still `scheduled`: it is now `cancelled`
    /// and this new message takes its place (HTTP `202`).
    case replaced(previousID: String)
    /// Same key, other request, and the earlier message is past `scheduled`: nothing was stored;
    /// `status` is the earlier message's (HTTP `409`).
    case conflict
}
