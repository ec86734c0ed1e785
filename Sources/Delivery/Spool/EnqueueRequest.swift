import Foundation
import Messages

/// One message of a batch to store, with what `SpoolStore.enqueue` takes for it.
public struct EnqueueRequest: Sendable {
    public var message: ComposedMessage
    /// The time the caller asked for, if any (see `SpoolRecord.sendAt`).
    public var sendAt: Date?
    /// Identifies the request body, for the key rules (see `RequestFingerprint`).
    public var fingerprint: String

    public init(message: ComposedMessage, sendAt: Date?, fingerprint: String) {
        (self.message, self.sendAt, self.fingerprint) = (message, sendAt, fingerprint)
    }
}
