/// The SQLite store's schema as numbered migrations. Each runs once, in its own transaction, and is
/// recorded in `herald_migrations`; a database with a version this list does not have is refused.
enum SQLiteSchema {
    /// Migration `n` is `migrations[n - 1]`. Append only: a released migration never changes.
    static let migrations: [String] = [
        """
        CREATE TABLE messages (
            id TEXT PRIMARY KEY,
            -- the caller's key while this message owns it; NULL once a newer message replaced it
            key TEXT UNIQUE,
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            last_error TEXT,
            fingerprint TEXT NOT NULL,
            created_at REAL NOT NULL,
            send_at REAL,
            due_at REAL NOT NULL,
            delivered_at REAL,
            finished_at REAL,
            may_have_been_delivered INTEGER NOT NULL,
            replaced_by TEXT,
            -- the composed message (JSON): written once at enqueue, never rewritten
            message BLOB NOT NULL
        );
        CREATE INDEX messages_due ON messages(due_at) WHERE state IN ('queued', 'scheduled', 'retrying');
        CREATE INDEX messages_sending ON messages(id) WHERE state = 'sending';
        CREATE INDEX messages_finished ON messages(finished_at) WHERE finished_at IS NOT NULL;
        CREATE TABLE state_counts (state TEXT PRIMARY KEY, count INTEGER NOT NULL);
        INSERT INTO state_counts (state, count) VALUES
            ('queued', 0), ('scheduled', 0), ('sending', 0), ('sent', 0),
            ('retrying', 0), ('failed', 0), ('unknown', 0), ('cancelled', 0);
        CREATE TRIGGER messages_count_insert AFTER INSERT ON messages BEGIN
            UPDATE state_counts SET count = count + 1 WHERE state = NEW.state;
        END;
        CREATE TRIGGER messages_count_update AFTER UPDATE OF state ON messages WHEN OLD.state <> NEW.state BEGIN
            UPDATE state_counts SET count = count - 1 WHERE state = OLD.state;
            UPDATE state_counts SET count = count + 1 WHERE state = NEW.state;
        END;
        CREATE TRIGGER messages_count_delete AFTER DELETE ON messages BEGIN
            UPDATE state_counts SET count = count - 1 WHERE state = OLD.state;
        END;
        """,
        // 2: message search (`GET /v1/messages`). The kind and the caller's key (kept after a
        // replacement gives `key` up) become columns and the recipients a table, each indexed with
        // `(created_at, id)`; messages stored before are filled in from their JSON, a row that does not
        // parse is left out of search rather than stopping the migration.
        """
        ALTER TABLE messages ADD COLUMN kind TEXT;
        ALTER TABLE messages ADD COLUMN request_key TEXT;
        UPDATE messages SET kind = json_extract(CAST(message AS TEXT), '$.message'), request_key = json_extract(CAST(message AS TEXT), '$.key')
            WHERE json_valid(CAST(message AS TEXT));
        CREATE TABLE message_recipients (
            address TEXT NOT NULL,
            created_at REAL NOT NULL,
            id TEXT NOT NULL,
            PRIMARY KEY (address, created_at, id)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO message_recipients (address, created_at, id)
            SELECT lower(json_extract(t.value, '$.email')), m.created_at, m.id
            FROM messages m, json_each(CASE WHEN json_valid(CAST(m.message AS TEXT)) THEN CAST(m.message AS TEXT) ELSE '{}' END, '$.to') t
            WHERE CASE WHEN t.type = 'object' THEN json_type(t.value, '$.email') = 'text' ELSE 0 END;
        CREATE INDEX message_recipients_id ON message_recipients(id);
        CREATE INDEX messages_created ON messages(created_at, id);
        CREATE INDEX messages_state_created ON messages(state, created_at, id);
        CREATE INDEX messages_kind_created ON messages(kind, created_at, id);
        CREATE INDEX messages_request_key ON messages(request_key, created_at, id);
        CREATE TRIGGER messages_recipients_delete AFTER DELETE ON messages BEGIN
            DELETE FROM message_recipients WHERE id = OLD.id;
        END;
        """,
        // 3: events (each message's timeline) and the durable queue of their webhook deliveries.
        """
        CREATE TABLE events (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            message_id TEXT NOT NULL,
            type TEXT NOT NULL,
            created_at REAL NOT NULL,
            -- the message's status right after the change (JSON)
            data TEXT NOT NULL
        );
        CREATE INDEX events_message ON events(message_id, sequence);
        CREATE INDEX events_created ON events(created_at);
        CREATE TABLE webhook_deliveries (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            event_sequence INTEGER NOT NULL,
            endpoint TEXT NOT NULL,
            -- pending (due at due_at; a claim moves due_at to the lease's end), delivered, abandoned
            state TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            due_at REAL NOT NULL,
            last_error TEXT,
            finished_at REAL
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(endpoint, due_at) WHERE state = 'pending';
        CREATE INDEX webhook_deliveries_event ON webhook_deliveries(event_sequence);
        CREATE INDEX webhook_deliveries_abandoned ON webhook_deliveries(id) WHERE state = 'abandoned';
        """,
        // 4: the composed message in a table of its own, so that claiming a message and recording its
        // outcome rewrite a short row instead of the message (a 21 MiB message was rewritten, WAL
        // included, on every state change). New bodies are `StoredMessage`'s format; moved ones stay JSON.
        """
        CREATE TABLE message_bodies (id TEXT PRIMARY KEY, message BLOB NOT NULL);
        INSERT INTO message_bodies (id, message) SELECT id, message FROM messages;
        ALTER TABLE messages DROP COLUMN message;
        CREATE TRIGGER messages_body_delete AFTER DELETE ON messages BEGIN
            DELETE FROM message_bodies WHERE id = OLD.id;
        END;
        """,
        // 5: the due index's condition as comparisons. SQLite evaluates a partial index's condition on
        // every insert and on both rows of every update, and an `IN` list of three or more builds a
        // temporary b-tree each time: two per claim and per outcome, a fifth of their cost. The
        // worker's queries spell the condition exactly so (`SQLiteSpoolStore.due`), as the planner
        // requires to use the index.
        """
        DROP INDEX messages_due;
        CREATE INDEX messages_due ON messages(due_at) WHERE state = 'queued' OR state = 'scheduled' OR state = 'retrying';
        """,
    ]

    /// Brings the database to the newest schema. Safe when several processes open it at once: the
    /// version is read and every migration applied inside one write transaction.
    static func migrate(_ connection: SQLiteConnection) throws(SpoolError) {
        do {
            try connection.execute("CREATE TABLE IF NOT EXISTS herald_migrations (version INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
        } catch {
            throw .database(error)
        }
        try connection.transaction { () throws(SpoolError) in
            var current = 0
            do throws(SQLiteError) {
                try connection.query("SELECT coalesce(max(version), 0) FROM herald_migrations") { row in current = Int(row.integer(0)) }
            } catch {
                throw .database(error)
            }
            guard current <= migrations.count else { throw .schemaTooNew(found: current, known: migrations.count) }
            for version in migrations.indices.map({ $0 + 1 }) where version > current {
                do throws(SQLiteError) {
                    try connection.execute(migrations[version - 1])
                    try connection.run(
                        "INSERT INTO herald_migrations (version, applied_at) VALUES (?, julianday('now'))", [.integer(Int64(version))])
                } catch {
                    throw .database(SQLiteError(code: error.code, message: error.message, context: "migration \(version)"))
                }
            }
        }
    }
}
