import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The journal, its head, the outbox, the consumers' inbox and the idempotency keys. */
export class Journal1764000000000 implements MigrationInterface {
  name = 'Journal1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE journal_events (
        position     bigint PRIMARY KEY,
        stream_id    uuid NOT NULL,
        stream_type  text NOT NULL,
        version      integer NOT NULL,
        type         text NOT NULL,
        payload      jsonb NOT NULL,
        actor_id     uuid,
        occurred_at  timestamptz NOT NULL,
        hash         char(64) NOT NULL,
        prev_hash    char(64) NOT NULL,
        CONSTRAINT journal_events_stream_version UNIQUE (stream_id, version)
      )`);
    await db.query(`CREATE INDEX journal_events_type ON journal_events (type, position)`);
    await db.query(`CREATE INDEX journal_events_occurred_at ON journal_events (occurred_at)`);
    // The journal is append-only: the database itself refuses to edit or delete it.
    await db.query(`
      CREATE FUNCTION journal_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'journal_events is append-only'; END $$`);
    await db.query(`
      CREATE TRIGGER journal_events_append_only BEFORE UPDATE OR DELETE ON journal_events
      FOR EACH ROW EXECUTE FUNCTION journal_events_append_only()`);
    await db.query(`CREATE TABLE journal_head (id smallint PRIMARY KEY CHECK (id = 1), position bigint NOT NULL, hash char(64) NOT NULL)`);
    await db.query(`INSERT INTO journal_head (id, position, hash) VALUES (1, 0, repeat('0', 64))`);
    // The chain's hash, defined once here: appends and verification both use it. jsonb's text form is
    // canonical (keys sorted, one spacing), so the same payload always hashes the same.
    await db.query(`
      CREATE FUNCTION journal_hash(p_prev text, p_position bigint, p_stream_id uuid, p_stream_type text, p_version integer,
                                   p_type text, p_payload jsonb, p_actor_id uuid, p_occurred_at timestamptz)
      RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|', p_prev, p_position, p_stream_id, p_stream_type, p_version, p_type,
          p_payload::text, coalesce(p_actor_id::text, ''),
          to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), 'UTF8')), 'hex')
      $$`);
    await db.query(`
      CREATE TABLE outbox (
        position         bigint PRIMARY KEY REFERENCES journal_events (position),
        stream_id        uuid NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        published_at     timestamptz,
        attempts         integer NOT NULL DEFAULT 0,
        next_attempt_at  timestamptz NOT NULL DEFAULT now(),
        last_error       text
      )`);
    await db.query(`CREATE INDEX outbox_unpublished ON outbox (position) WHERE published_at IS NULL`);
    await db.query(`
      CREATE TABLE consumer_inbox (
        consumer      text NOT NULL,
        position      bigint NOT NULL,
        processed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, position)
      )`);
    await db.query(`
      CREATE TABLE idempotency_keys (
        actor_id      uuid NOT NULL,
        key           text NOT NULL,
        request_hash  char(64) NOT NULL,
        status        integer NOT NULL,
        body          jsonb,
        headers       jsonb NOT NULL DEFAULT '{}',
        created_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE idempotency_keys, consumer_inbox, outbox, journal_head');
    await db.query('DROP TRIGGER journal_events_append_only ON journal_events');
    await db.query('DROP TABLE journal_events');
    await db.query('DROP FUNCTION journal_events_append_only');
    await db.query('DROP FUNCTION journal_hash');
  }
}
