/// Which webhook endpoints get which events: the part of the webhook configuration a store needs to
/// queue, in the transaction that records an event, one delivery per endpoint that wants it.
public struct WebhookSubscriptions: Sendable, Hashable {
    /// The endpoints' URLs (`HERALD_WEBHOOK_URL`), in the order configured.
    public var endpoints: [String]
    /// The types they get (`HERALD_WEBHOOK_EVENTS`).
    public var types: Set<MessageEventType>

    public init(endpoints: [String], types: Set<MessageEventType> = MessageEventType.deliveredByDefault) {
        self.endpoints = endpoints
        self.types = types
    }

    /// No webhooks: events are recorded, no delivery is queued.
    public static let none = WebhookSubscriptions(endpoints: [], types: [])

    /// The endpoints an event of `type` is delivered to.
    func endpoints(for type: MessageEventType) -> [String] {
        types.contains(type) ? endpoints : []
    }
}
