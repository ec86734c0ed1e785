import Foundation

/// The SQLite store's events and webhook deliveries (`EventStore`): rows of `events` and
/// `webhook_deliveries`, written inside the transactions of the changes they record.
extension SQLiteSpoolStore {
    private static let eventColumns = "sequence, id, message_id, type, created_at, data"

    /// Records an event of `type` with the record's status, and queues its deliveries, in the
    /// caller's transaction.
    func recordEvent(_ type: MessageEventType, for record: SpoolRecord, now: Date, in db: SQLiteConnection) throws(SpoolError) {
        let id = MessageEvent.newID()
        try Self.database { () throws(SQLiteError) in
            try db.run(
                "INSERT INTO events (id, message_id, type, created_at, data) VALUES (?, ?, ?, ?, ?)",
                [.text(id), .text(record.id), .text(type.rawValue), .real(now.timeIntervalSinceReferenceDate), .text(record.status.json())])
            for endpoint in subscriptions.endpoints(for: type) {
                try Self.queueDelivery(eventID: id, endpoint: endpoint, now: now, in: db)
            }
        }
    }

    private static func queueDelivery(eventID: String, endpoint: String, now: Date, in db: SQLiteConnection) throws(SQLiteError) {
        try db.run(
            """
            INSERT INTO webhook_deliveries (event_sequence, endpoint, state, attempts, due_at)
            VALUES ((SELECT sequence FROM events WHERE id = ?), ?, 'pending', 0, ?)
            """,
            [.text(eventID), .text(endpoint), .real(now.timeIntervalSinceReferenceDate)])
    }

    public func events(messageID: String) throws(SpoolError) -> [MessageEvent] {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try Self.events(where: "message_id = ? ORDER BY sequence", [.text(messageID)], in: db)
        }
    }

    public func events(after sequence: Int64, limit: Int) throws(SpoolError) -> [MessageEvent] {
        guard limit > 0 else { return [] }
        return try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try Self.events(where: "sequence > ? ORDER BY sequence LIMIT ?", [.integer(sequence), .integer(Int64(limit))], in: db)
        }
    }

    public func event(id: String) throws(SpoolError) -> MessageEvent? {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in try Self.events(where: "id = ?", [.text(id)], in: db).first }
    }

    public func replay(eventID: String, now: Date) throws(SpoolError) -> MessageEvent? {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> MessageEvent? in
                guard let event = try Self.events(where: "id = ?", [.text(eventID)], in: db).first else { return nil }
                for endpoint in subscriptions.endpoints {
                    try Self.database { () throws(SQLiteError) in try Self.queueDelivery(eventID: eventID, endpoint: endpoint, now: now, in: db) }
                }
                return event
            }
        }
    }

    public func claimWebhookDeliveries(endpoint: String, limit: Int, now: Date, lease: TimeInterval) throws(SpoolError) -> [WebhookDelivery] {
        guard limit > 0 else { return [] }
        return try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> [WebhookDelivery] in
                var due: [(id: Int64, attempt: Int, sequence: Int64)] = []
                try Self.database { () throws(SQLiteError) in
                    try db.query(
                        """
                        SELECT id, attempts, event_sequence FROM webhook_deliveries
                        WHERE state = 'pending' AND endpoint = ? AND due_at <= ? ORDER BY due_at LIMIT ?
                        """,
                        [.text(endpoint), .real(now.timeIntervalSinceReferenceDate), .integer(Int64(limit))]
                    ) { row in due.append((row.integer(0), Int(row.integer(1)) + 1, row.integer(2))) }
                }
                var claimed: [WebhookDelivery] = []
                for delivery in due {
                    try Self.database { () throws(SQLiteError) in
                        try db.run(
                            "UPDATE webhook_deliveries SET attempts = ?, due_at = ? WHERE id = ?",
                            [.integer(Int64(delivery.attempt)), .real(now.addingTimeInterval(lease).timeIntervalSinceReferenceDate),
                             .integer(delivery.id)])
                    }
                    guard let event = try Self.events(where: "sequence = ?", [.integer(delivery.sequence)], in: db).first else { continue }
                    claimed.append(WebhookDelivery(id: delivery.id, endpoint: endpoint, attempt: delivery.attempt, event: event))
                }
                return claimed
            }
        }
    }

    @discardableResult
    public func finish(_ delivery: WebhookDelivery, with outcome: WebhookDeliveryOutcome, now: Date) throws(SpoolError) -> Bool {
        let (state, due, error) = outcome.row(now: now)
        let finished: SQLiteValue = state == "pending" ? .null : .real(now.timeIntervalSinceReferenceDate)
        return try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            try Self.database { () throws(SQLiteError) in
                try db.run(
                    """
                    UPDATE webhook_deliveries SET state = ?, due_at = ?, last_error = ?, finished_at = ?
                    WHERE id = ? AND attempts = ? AND state = 'pending'
                    """,
                    [.text(state), .real(due.timeIntervalSinceReferenceDate), error.map(SQLiteValue.text) ?? .null, finished,
                     .integer(delivery.id), .integer(Int64(delivery.attempt))]) == 1
            }
        }
    }

    public func webhookDeliveryCounts() throws(SpoolError) -> (pending: Int, abandoned: Int) {
        try withConnection { (db: SQLiteConnection) throws(SpoolError) in
            var counts = (pending: 0, abandoned: 0)
            try Self.database { () throws(SQLiteError) in
                try db.query("SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'") { row in counts.pending = Int(row.integer(0)) }
                try db.query("SELECT count(*) FROM webhook_deliveries WHERE state = 'abandoned'") { row in counts.abandoned = Int(row.integer(0)) }
            }
            return counts
        }
    }

    /// Deletes, in the caller's transaction, up to `limit` events older than `cutoff` whose message is
    /// gone and none of whose message's deliveries is still pending (a timeline goes whole), with their deliveries; returns how many.
    static func purgeEvents(before cutoff: Date, limit: Int, in db: SQLiteConnection) throws(SpoolError) -> Int {
        try database { () throws(SQLiteError) in
            var purged: [Int64] = []
            try db.query(
                """
                SELECT e.sequence FROM events e
                WHERE e.created_at < ?
                  AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = e.message_id)
                  AND NOT EXISTS (SELECT 1 FROM events same JOIN webhook_deliveries d ON d.event_sequence = same.sequence
                                  WHERE same.message_id = e.message_id AND d.state = 'pending')
                LIMIT ?
                """,
                [.real(cutoff.timeIntervalSinceReferenceDate), .integer(Int64(limit))]
            ) { row in purged.append(row.integer(0)) }
            for sequence in purged {
                try db.run("DELETE FROM webhook_deliveries WHERE event_sequence = ?", [.integer(sequence)])
                try db.run("DELETE FROM events WHERE sequence = ?", [.integer(sequence)])
            }
            return purged.count
        }
    }

    /// The events matching `condition`; a row that does not decode is an error naming it.
    private static func events(where condition: String, _ values: [SQLiteValue], in db: SQLiteConnection) throws(SpoolError) -> [MessageEvent] {
        var rows: [Result<MessageEvent, SpoolError>] = []
        try database { () throws(SQLiteError) in
            try db.query("SELECT \(eventColumns) FROM events WHERE \(condition)", values) { row in
                rows.append(MessageEvent.decode(
                    sequence: row.integer(0), id: row.text(1), messageID: row.text(2), type: row.text(3),
                    timestamp: row.isNull(4) ? nil : row.real(4), data: row.text(5), store: db.path))
            }
        }
        return try rows.map { row throws(SpoolError) in try row.get() }
    }
}
