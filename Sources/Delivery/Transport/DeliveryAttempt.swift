/// What a transport is told about the attempt it makes.
public struct DeliveryAttempt: Sendable, Hashable {
    /// 1 for the first attempt.
    public var number: Int
    /// True when an earlier attempt may have reached the destination (it ended `unknown` or the process
    /// died during it). A transport that can deduplicate (the outbox, by message id) must do so.
    public var mayHaveBeenDelivered: Bool

    public init(number: Int, mayHaveBeenDelivered: Bool = false) {
        self.number = number
        self.mayHaveBeenDelivered = mayHaveBeenDelivered
    }
}
