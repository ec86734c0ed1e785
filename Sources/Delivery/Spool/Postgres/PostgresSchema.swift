/// The PostgreSQL store's schema as numbered migrations, recorded in `herald_migrations`. Every
/// instance migrates at startup under one advisory lock, so several starting at once migrate once; a
/// database with a version this list does not have is refused.
enum PostgresSchema {
    /// The `pg_advisory_lock` key migrations hold (an arbitrary constant: "herald" in ASCII).
    static let migrationLock: Int64 = 0x68_65_72_61_6c_64
    /// The `pg_try_advisory_xact_lock` key of the counts' compaction, so one instance at a time does it.
    static let compactionLock: Int64 = migrationLock + 1
    /// The `pg_advisory_xact_lock` key a transaction holds from writing an event until it commits, so
    /// events commit in the order of their sequence numbers and `GET /v1/events?after=` never skips
    /// one that commits late (an identity column alone hands numbers out before commit).
    static let eventLock: Int64 = migrationLock + 2
    /// The first half of the two-key `pg_advisory_xact_lock(class, hashtext(key))` a keyed enqueue takes
    /// first, so enqueues of one key queue up instead of racing (two-key locks never meet the ones above).
    static let keyLockClass: Int32 = 0x6865
    /// The channel `LISTEN`ing workers are woken on when a message is enqueued.
    static let enqueueChannel = "herald_enqueued"

    /// Migration `n` is `migrations[n - 1]`. Append only: a released migration never changes.
    static let migrations: [String] = [
        """
        CREATE TABLE messages (
            id text PRIMARY KEY,
            -- the caller's key while this message owns it; NULL once a newer message replaced it
            key text UNIQUE,
            state text NOT NULL,
            attempts integer NOT NULL,
            last_error text,
            fingerprint text NOT NULL,
            -- times are seconds since 2001-01-01 UTC, as the SQLite store keeps them
            created_at double precision NOT NULL,
            send_at double precision,
            due_at double precision NOT NULL,
            delivered_at double precision,
            finished_at double precision,
            may_have_been_delivered boolean NOT NULL,
            replaced_by text,
            -- while sending: the instance that claimed it and until when (renewed while in flight)
            claimed_by text,
            lease_until double precision,
            -- the composed message (JSON): written once at enqueue, never rewritten; `body` since migration 4
            message text NOT NULL
        );
        CREATE INDEX messages_due ON messages (due_at) WHERE state IN ('queued', 'scheduled', 'retrying');
        CREATE INDEX messages_leases ON messages (lease_until) WHERE state = 'sending';
        CREATE INDEX messages_claimed ON messages (claimed_by) WHERE state = 'sending';
        CREATE INDEX messages_finished ON messages (finished_at) WHERE finished_at IS NOT NULL;
        -- Per-state counts: writers only append their changes (statement triggers over transition
        -- tables), so no enqueue or claim ever waits on a counter row; `compactCounts` folds them in.
        CREATE TABLE state_counts (state text PRIMARY KEY, count bigint NOT NULL);
        INSERT INTO state_counts (state, count) VALUES
            ('queued', 0), ('scheduled', 0), ('sending', 0), ('sent', 0),
            ('retrying', 0), ('failed', 0), ('unknown', 0), ('cancelled', 0);
        CREATE TABLE state_count_changes (state text NOT NULL, delta bigint NOT NULL);
        CREATE FUNCTION herald_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO state_count_changes (state, delta) SELECT state, count(*) FROM inserted GROUP BY state;
            RETURN NULL;
        END $$;
        CREATE FUNCTION herald_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO state_count_changes (state, delta)
            SELECT state, sum(delta) FROM (SELECT state, -1 AS delta FROM before UNION ALL SELECT state, 1 FROM after) AS changes
            GROUP BY state HAVING sum(delta) <> 0;
            RETURN NULL;
        END $$;
        CREATE FUNCTION herald_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO state_count_changes (state, delta) SELECT state, -count(*) FROM deleted GROUP BY state;
            RETURN NULL;
        END $$;
        CREATE TRIGGER messages_count_insert AFTER INSERT ON messages REFERENCING NEW TABLE AS inserted
            FOR EACH STATEMENT EXECUTE FUNCTION herald_count_inserted();
        CREATE TRIGGER messages_count_update AFTER UPDATE ON messages REFERENCING OLD TABLE AS before NEW TABLE AS after
            FOR EACH STATEMENT EXECUTE FUNCTION herald_count_updated();
        CREATE TRIGGER messages_count_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS deleted
            FOR EACH STATEMENT EXECUTE FUNCTION herald_count_deleted();
        CREATE FUNCTION herald_notify_enqueued() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('\(enqueueChannel)', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER messages_enqueued AFTER INSERT ON messages FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_enqueued();
        """,
        // 2: message search (`GET /v1/messages`), as SQLite's migration 2: the kind and the caller's
        // key (byte order, for prefix ranges) become columns, the recipients a table, each indexed
        // with `(created_at, id)`; messages stored before are filled in from their JSON, and a row whose
        // JSON does not parse is left out of search rather than stopping the migration.
        """
        CREATE FUNCTION herald_jsonb_or_null(document text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
        BEGIN
            RETURN document::jsonb;
        EXCEPTION WHEN others THEN
            RETURN NULL;
        END $$;
        ALTER TABLE messages ADD COLUMN kind text, ADD COLUMN request_key text COLLATE "C";
        UPDATE messages SET kind = herald_jsonb_or_null(message) ->> 'message', request_key = herald_jsonb_or_null(message) ->> 'key';
        CREATE TABLE message_recipients (
            address text NOT NULL,
            created_at double precision NOT NULL,
            id text NOT NULL,
            PRIMARY KEY (address, created_at, id)
        );
        INSERT INTO message_recipients (address, created_at, id)
            SELECT DISTINCT translate(recipient ->> 'email', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), m.created_at, m.id
            FROM messages m, jsonb_array_elements(CASE WHEN jsonb_typeof(herald_jsonb_or_null(m.message) -> 'to') = 'array'
                                                       THEN herald_jsonb_or_null(m.message) -> 'to' ELSE '[]'::jsonb END) AS recipient
            WHERE jsonb_typeof(recipient -> 'email') = 'string'
            ON CONFLICT DO NOTHING;
        DROP FUNCTION herald_jsonb_or_null(text);
        CREATE INDEX message_recipients_id ON message_recipients (id);
        CREATE INDEX messages_created ON messages (created_at, id);
        CREATE INDEX messages_state_created ON messages (state, created_at, id);
        CREATE INDEX messages_kind_created ON messages (kind, created_at, id);
        CREATE INDEX messages_request_key ON messages (request_key, created_at, id);
        CREATE FUNCTION herald_recipients_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            DELETE FROM message_recipients r USING deleted d WHERE r.id = d.id;
            RETURN NULL;
        END $$;
        CREATE TRIGGER messages_recipients_delete AFTER DELETE ON messages REFERENCING OLD TABLE AS deleted
            FOR EACH STATEMENT EXECUTE FUNCTION herald_recipients_deleted();
        """,
        // 3: events (each message's timeline) and the durable queue of their webhook deliveries.
        """
        CREATE TABLE events (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            id text NOT NULL UNIQUE,
            message_id text NOT NULL,
            type text NOT NULL,
            created_at double precision NOT NULL,
            -- the message's status right after the change (JSON)
            data text NOT NULL
        );
        CREATE INDEX events_message ON events (message_id, sequence);
        CREATE INDEX events_created ON events (created_at);
        CREATE TABLE webhook_deliveries (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            event_sequence bigint NOT NULL,
            endpoint text NOT NULL,
            -- pending (due at due_at; a claim moves due_at to the lease's end), delivered, abandoned
            state text NOT NULL,
            attempts integer NOT NULL,
            due_at double precision NOT NULL,
            last_error text,
            finished_at double precision
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries (endpoint, due_at) WHERE state = 'pending';
        CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event_sequence);
        CREATE INDEX webhook_deliveries_abandoned ON webhook_deliveries (id) WHERE state = 'abandoned';
        """,
        // 4: the composed message as `StoredMessage`'s bytes in `body` (bytea) instead of JSON text:
        // decoding the JSON of every claimed message was a fifth of Herald's CPU in durable accept. Rows
        // stored before keep their JSON in `message`, which the store still reads; nothing is
        // rewritten. `body` is compressed with lz4 rather than PostgreSQL's default pglz, which took a
        // quarter of the server's CPU (a composed message is ~27 KB); a server built without lz4 (or
        // older than 14, which has no `SET COMPRESSION`) stores it uncompressed.
        """
        ALTER TABLE messages ALTER COLUMN message DROP NOT NULL;
        ALTER TABLE messages ADD COLUMN body bytea;
        ALTER TABLE messages ADD CONSTRAINT messages_stored CHECK (body IS NOT NULL OR message IS NOT NULL) NOT VALID;
        DO $$
        BEGIN
            ALTER TABLE messages ALTER COLUMN body SET COMPRESSION lz4;
        EXCEPTION WHEN feature_not_supported OR syntax_error THEN
            ALTER TABLE messages ALTER COLUMN body SET STORAGE EXTERNAL;
        END
        $$;
        """,
    ]

    /// Brings the database to the newest schema, under the advisory lock (held by this connection's
    /// session until it is unlocked, even if a migration fails).
    static func migrate(_ connection: PostgresConnection) throws(SpoolError) {
        do throws(PostgresError) {
            try connection.execute("SELECT pg_advisory_lock(\(migrationLock))")
        } catch {
            throw .postgres(error)
        }
        defer { try? connection.execute("SELECT pg_advisory_unlock(\(migrationLock))") }
        do throws(PostgresError) {
            try connection.execute(
                "CREATE TABLE IF NOT EXISTS herald_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        } catch {
            throw .postgres(error)
        }
        let current: Int
        do throws(PostgresError) {
            current = Int(try connection.query("SELECT coalesce(max(version), 0) FROM herald_migrations").scalar ?? "") ?? 0
        } catch {
            throw .postgres(error)
        }
        guard current <= migrations.count else { throw .schemaTooNew(found: current, known: migrations.count) }
        for version in migrations.indices.map({ $0 + 1 }) where version > current {
            try connection.transaction { () throws(SpoolError) in
                do throws(PostgresError) {
                    try connection.execute(migrations[version - 1])
                    try connection.query("INSERT INTO herald_migrations (version) VALUES ($1)", [String(version)])
                } catch {
                    throw .postgres(PostgresError(sqlState: error.sqlState, message: error.message, context: "migration \(version)"))
                }
            }
        }
    }
}
