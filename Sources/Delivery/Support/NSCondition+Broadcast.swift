import Foundation

extension NSCondition {
    /// Makes `change` under the condition's lock, then wakes every waiter: how a thread that ended,
    /// or a new message, reaches threads waiting on the condition without a lost wake-up.
    func broadcast(after change: () -> Void) {
        lock()
        change()
        broadcast()
        unlock()
    }
}
