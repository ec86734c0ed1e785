import Foundation

/// The webhook configuration (README "Webhooks"): where events go, which ones, the key they are
/// signed with, how long one request may take and when a failed one is tried again.
public struct WebhookOptions: Sendable, Hashable {
    /// `HERALD_WEBHOOK_URL`: http(s) URLs, each getting every subscribed event.
    public var endpoints: [String]
    public var secret: WebhookSecret
    public var types: Set<MessageEventType>
    public var retry: WebhookRetrySchedule
    /// The most one request may take, connection included (`HERALD_WEBHOOK_TIMEOUT`).
    public var timeout: TimeInterval
    /// How long an idle dispatcher waits before looking for due deliveries again.
    public var idlePoll: TimeInterval

    public static let defaultTimeout: TimeInterval = 10

    public init(
        endpoints: [String], secret: WebhookSecret, types: Set<MessageEventType> = MessageEventType.deliveredByDefault,
        retry: WebhookRetrySchedule = WebhookRetrySchedule(), timeout: TimeInterval = Self.defaultTimeout, idlePoll: TimeInterval = 0.25
    ) {
        self.endpoints = endpoints
        self.secret = secret
        self.types = types
        self.retry = retry
        self.timeout = timeout
        self.idlePoll = idlePoll
    }

    /// What a store needs to queue each event's deliveries.
    public var subscriptions: WebhookSubscriptions { WebhookSubscriptions(endpoints: endpoints, types: types) }

    /// The connection's own bound: a dead host is given up on well before the whole request's.
    var connectTimeout: TimeInterval { min(timeout, 5) }

    /// How long a claimed delivery stays this dispatcher's: the request's bound and a margin, so a
    /// live dispatcher always records its outcome first, and a dead one's is due again soon after.
    var lease: TimeInterval { timeout + 10 }

    /// An endpoint as logs show it: scheme, host, port and path, never a query or credentials (either
    /// may hold a token).
    public static func redacted(_ endpoint: String) -> String {
        guard var url = URLComponents(string: endpoint) else { return "unparsable URL" }
        url.user = nil
        url.password = nil
        url.query = nil
        url.fragment = nil
        return url.string ?? "unparsable URL"
    }
}
