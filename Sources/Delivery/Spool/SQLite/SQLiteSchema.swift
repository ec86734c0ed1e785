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
