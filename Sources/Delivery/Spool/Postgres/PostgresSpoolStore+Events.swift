import Foundation

/// The PostgreSQL store's events and webhook deliveries (`EventStore`): rows of `events` and
/// `webhook_deliveries`, written inside the transactions of the changes they record. Dispatchers of
/// every instance claim deliveries with `FOR UPDATE SKIP LOCKED`, a claim being a lease: its
/// `due_at` moves to the lease's end, so a delivery whose instance died is due again then.
extension PostgresSpoolStore {
    private static let eventColumns = "sequence, id, message_id, type, created_at, data"

    /// One change to record as an event: its type, the record right after it, and when.
    typealias EventChange = (type: MessageEventType, record: SpoolRecord, now: Date)

    /// Records an event of `type` with the record's status, and queues its deliveries, in the
    /// caller's transaction. It takes `eventLock` first, held until that transaction commits.
    func recordEvent(_ type: MessageEventType, for record: SpoolRecord, now: Date, in db: PostgresConnection) throws(SpoolError) {
        try recordEvents([(type, record, now)], in: db)
    }

    /// Records the events of `changes`, in order, with one statement (a batch's events once took a
    /// round trip each, while holding the event lock), and queues their webhook deliveries with one
    /// statement per endpoint. The lock is taken in the same statement, before any row (and so any
    /// sequence number) is made; it is held until the caller's transaction commits.
    func recordEvents(_ changes: [EventChange], in db: PostgresConnection) throws(SpoolError) {
        guard !changes.isEmpty else { return }
        let ids = changes.map { _ in MessageEvent.newID() }
        try Self.database { () throws(PostgresError) in
            try db.query(
                """
                WITH event_lock AS (SELECT pg_advisory_xact_lock($1))
                INSERT INTO events (id, message_id, type, created_at, data)
                SELECT e.id, e.message_id, e.type, e.created_at::double precision, e.data
                FROM event_lock, unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                    WITH ORDINALITY AS e(id, message_id, type, created_at, data, position)
                ORDER BY e.position
                """,
                [String(PostgresSchema.eventLock), Self.textArray(ids), Self.textArray(changes.map(\.record.id)),
                 Self.textArray(changes.map(\.type.rawValue)), Self.textArray(changes.map { Self.text($0.now) }),
                 Self.textArray(changes.map { $0.record.status.json() })])
            var endpoints: [String: [String]] = [:]
            for (id, change) in zip(ids, changes) {
                for endpoint in subscriptions.endpoints(for: change.type) { endpoints[endpoint, default: []].append(id) }
            }
            for (endpoint, eventIDs) in endpoints.sorted(by: { $0.key < $1.key }) {
                try Self.queueDeliveries(of: eventIDs, to: endpoint, due: nil, in: db)
            }
        }
    }

    /// Queues a delivery of each event to `endpoint`, due at `due` or else when its event happened.
    private static func queueDeliveries(of eventIDs: [String], to endpoint: String, due: Date?, in db: PostgresConnection) throws(PostgresError) {
        try db.query(
            """
            INSERT INTO webhook_deliveries (event_sequence, endpoint, state, attempts, due_at)
            SELECT sequence, $2, 'pending', 0, coalesce($3::double precision, created_at) FROM events WHERE id = ANY($1::text[]) ORDER BY sequence
            """,
            [textArray(eventIDs), endpoint, due.map(text)])
    }

    public func events(messageID: String) throws(SpoolError) -> [MessageEvent] {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try Self.events(where: "message_id = $1 ORDER BY sequence", [messageID], in: db)
        }
    }

    public func events(after sequence: Int64, limit: Int) throws(SpoolError) -> [MessageEvent] {
        guard limit > 0 else { return [] }
        return try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try Self.events(where: "sequence > $1 ORDER BY sequence LIMIT $2", [String(sequence), String(limit)], in: db)
        }
    }

    public func event(id: String) throws(SpoolError) -> MessageEvent? {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in try Self.events(where: "id = $1", [id], in: db).first }
    }

    public func replay(eventID: String, now: Date) throws(SpoolError) -> MessageEvent? {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try db.transaction { () throws(SpoolError) -> MessageEvent? in
                // FOR SHARE: a purge running meanwhile cannot delete the event under its new delivery.
                guard let event = try Self.events(where: "id = $1 FOR SHARE", [eventID], in: db).first else { return nil }
                for endpoint in subscriptions.endpoints {
                    try Self.database { () throws(PostgresError) in try Self.queueDeliveries(of: [eventID], to: endpoint, due: now, in: db) }
                }
                return event
            }
        }
    }

    public func claimWebhookDeliveries(endpoint: String, limit: Int, now: Date, lease: TimeInterval) throws(SpoolError) -> [WebhookDelivery] {
        guard limit > 0 else { return [] }
        let rows = try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try Self.database { () throws(PostgresError) in
                try db.query(
                    """
                    WITH claimed AS (
                        UPDATE webhook_deliveries SET attempts = attempts + 1, due_at = $3
                        WHERE id IN (SELECT id FROM webhook_deliveries WHERE state = 'pending' AND endpoint = $1 AND due_at <= $2
                                     ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED)
                        RETURNING id, attempts, event_sequence)
                    SELECT claimed.id, claimed.attempts, e.sequence, e.id, e.message_id, e.type, e.created_at, e.data
                    FROM claimed JOIN events e ON e.sequence = claimed.event_sequence
                    ORDER BY e.sequence
                    """,
                    [endpoint, Self.text(now), Self.text(now.addingTimeInterval(lease)), String(limit)]).rows
            }
        }
        return try rows.map { row throws(SpoolError) in
            let event = try Self.decodeEvent(Array(row.dropFirst(2))).get()
            return WebhookDelivery(id: Int64(row[0] ?? "") ?? 0, endpoint: endpoint, attempt: Int(row[1] ?? "") ?? 0, event: event)
        }
    }

    @discardableResult
    public func finish(_ delivery: WebhookDelivery, with outcome: WebhookDeliveryOutcome, now: Date) throws(SpoolError) -> Bool {
        let (state, due, error) = outcome.row(now: now)
        return try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try Self.database { () throws(PostgresError) in
                try db.query(
                    """
                    UPDATE webhook_deliveries SET state = $1, due_at = $2, last_error = $3, finished_at = $4
                    WHERE id = $5 AND attempts = $6 AND state = 'pending'
                    """,
                    [state, Self.text(due), error, state == "pending" ? nil : Self.text(now), String(delivery.id), String(delivery.attempt)]
                ).changed == 1
            }
        }
    }

    public func webhookDeliveryCounts() throws(SpoolError) -> (pending: Int, abandoned: Int) {
        try pool.withConnection { (db: PostgresConnection) throws(SpoolError) in
            try Self.database { () throws(PostgresError) in
                let pending = try db.query("SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'").scalar
                let abandoned = try db.query("SELECT count(*) FROM webhook_deliveries WHERE state = 'abandoned'").scalar
                return (Int(pending ?? "") ?? 0, Int(abandoned ?? "") ?? 0)
            }
        }
    }

    /// Deletes up to `limit` events older than `cutoff` whose message is gone and none of whose
    /// message's deliveries is still pending (a timeline goes whole), with their deliveries; returns how many.
    static func purgeEvents(before cutoff: Date, limit: Int, in db: PostgresConnection) throws(SpoolError) -> Int {
        try database { () throws(PostgresError) in
            try db.query(
                """
                WITH purged AS (
                    SELECT e.sequence FROM events e
                    WHERE e.created_at < $1
                      AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.id = e.message_id)
                      AND NOT EXISTS (SELECT 1 FROM events same JOIN webhook_deliveries d ON d.event_sequence = same.sequence
                                  WHERE same.message_id = e.message_id AND d.state = 'pending')
                    LIMIT $2 FOR UPDATE SKIP LOCKED),
                deliveries AS (DELETE FROM webhook_deliveries WHERE event_sequence IN (SELECT sequence FROM purged))
                DELETE FROM events WHERE sequence IN (SELECT sequence FROM purged)
                """,
                [text(cutoff), String(limit)]).changed
        }
    }

    /// The events matching `condition`; a row that does not decode is an error naming it.
    private static func events(where condition: String, _ values: [String?], in db: PostgresConnection) throws(SpoolError) -> [MessageEvent] {
        let rows = try database { () throws(PostgresError) in try db.query("SELECT \(eventColumns) FROM events WHERE \(condition)", values).rows }
        return try rows.map { row throws(SpoolError) in try decodeEvent(row).get() }
    }

    /// An event from the columns of `eventColumns`, in that order.
    private static func decodeEvent(_ row: [String?]) -> Result<MessageEvent, SpoolError> {
        guard row.count >= 6 else { return .failure(.corruptRecord(path: "events", detail: "expected 6 columns, got \(row.count)")) }
        return MessageEvent.decode(
            sequence: Int64(row[0] ?? "") ?? 0, id: row[1], messageID: row[2], type: row[3], timestamp: row[4].flatMap(Double.init),
            data: row[5], store: "postgres")
    }
}
