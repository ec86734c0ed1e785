import Foundation

/// One page of a search: its messages, newest first, and the cursor of the next page (nil on the last).
public struct MessagePage: Sendable, Hashable {
    public var messages: [MessageStatus]
    public var next: MessageCursor?

    public init(messages: [MessageStatus], next: MessageCursor?) {
        self.messages = messages
        self.next = next
    }
}
