import Foundation

/// The events a store records with each state change (`message.accepted`, `message.sent`, …), and
/// the durable queue of their webhook deliveries. Part of `SpoolStore`: an event is written in the
/// transaction of the change that causes it, and its deliveries (one per endpoint of the store's
/// `WebhookSubscriptions` that wants its type) in that same transaction.
public protocol EventStore: Sendable {
    /// The message's events, oldest first.
    func events(messageID: String) throws(SpoolError) -> [MessageEvent]
    /// Up to `limit` events with a sequence above `sequence`, oldest first.
    func events(after sequence: Int64, limit: Int) throws(SpoolError) -> [MessageEvent]
    func event(id: String) throws(SpoolError) -> MessageEvent?
    /// Queues a new delivery of the event to every subscribed endpoint, due `now`, whatever its type;
    /// nil when there is no such event.
    func replay(eventID: String, now: Date) throws(SpoolError) -> MessageEvent?

    /// Claims up to `limit` of `endpoint`'s due deliveries for `lease` seconds (until then no other
    /// dispatcher, in this process or another, takes them); a claim not finished in time is due again.
    func claimWebhookDeliveries(endpoint: String, limit: Int, now: Date, lease: TimeInterval) throws(SpoolError) -> [WebhookDelivery]
    /// Records the outcome of a claimed delivery; false (nothing changed) when the claim had expired
    /// and the delivery was claimed again.
    @discardableResult
    func finish(_ delivery: WebhookDelivery, with outcome: WebhookDeliveryOutcome, now: Date) throws(SpoolError) -> Bool
    /// Deliveries still to be made, and deliveries given up (for `/metrics`: a given-up event shows there).
    func webhookDeliveryCounts() throws(SpoolError) -> (pending: Int, abandoned: Int)
}
