/// Retention's deletion, the same loop for both stores: finished messages (and the events retention
/// may take with them) go in small batches, each its own transaction, so a purge never holds the
/// store long, and at most 10,000 messages go per call.
enum Retention {
    static let batchSize = 500
    static let messagesPerCall = 10_000

    /// Runs `batch` (delete up to `batchSize` of each, say how many went) until both fall short of a
    /// batch; returns the messages removed.
    static func purge(_ batch: () throws(SpoolError) -> (messages: Int, events: Int)) throws(SpoolError) -> Int {
        var removed = 0
        for _ in 0..<(messagesPerCall / batchSize) {
            let (messages, events) = try batch()
            removed += messages
            if messages < batchSize, events < batchSize { break }
        }
        return removed
    }
}
