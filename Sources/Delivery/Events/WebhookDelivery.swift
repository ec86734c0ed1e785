/// One event's delivery to one endpoint, as the dispatcher claimed it: `attempt` counts this claim,
/// and fences the outcome (a claim that expired and was taken again cannot record over the new one).
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64
    public var endpoint: String
    public var attempt: Int
    public var event: MessageEvent

    public init(id: Int64, endpoint: String, attempt: Int, event: MessageEvent) {
        self.id = id
        self.endpoint = endpoint
        self.attempt = attempt
        self.event = event
    }
}
