-- The reference ceiling of the old design (issue 11): the journal as ONE global hash chain under a
-- head row, exactly as it was appended before per-stream chains (journal_hash() in SQL, the head
-- row locked until commit, NOTIFY in the transaction). Kept in a schema of its own so it runs on a
-- migrated database next to the new journal. Loaded by the benches (loadGlobalLockReference) before
-- pgbench runs a script with `append: 'global-lock'` (GLOBAL_LOCK_APPEND_SQL in bench/support/pgbench.ts).
CREATE SCHEMA IF NOT EXISTS global_lock_reference;
SET search_path = global_lock_reference;
CREATE TABLE IF NOT EXISTS journal_events (
  position bigint PRIMARY KEY, stream_id uuid NOT NULL, stream_type text NOT NULL, version integer NOT NULL,
  type text NOT NULL, payload jsonb NOT NULL, actor_id uuid, occurred_at timestamptz NOT NULL,
  hash char(64) NOT NULL, prev_hash char(64) NOT NULL, UNIQUE (stream_id, version));
CREATE TABLE IF NOT EXISTS outbox (position bigint PRIMARY KEY REFERENCES journal_events (position), stream_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), published_at timestamptz);
CREATE TABLE IF NOT EXISTS journal_head (id smallint PRIMARY KEY CHECK (id = 1), position bigint NOT NULL, hash char(64) NOT NULL);
INSERT INTO journal_head VALUES (1, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
CREATE OR REPLACE FUNCTION journal_hash(p_prev text, p_position bigint, p_stream_id uuid, p_stream_type text, p_version integer,
                                        p_type text, p_payload jsonb, p_actor_id uuid, p_occurred_at timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT encode(sha256(convert_to(concat_ws('|', p_prev, p_position, p_stream_id, p_stream_type, p_version, p_type,
    p_payload::text, coalesce(p_actor_id::text, ''),
    to_char(p_occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')), 'UTF8')), 'hex')
$$;
