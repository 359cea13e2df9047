import type { DomainEvent } from '@kelisim/kernel';

export interface PendingEvent extends DomainEvent {
  streamId: string;
  streamType: string;
  version: number;
  actorId: string | null;
  occurredAt: Date;
}

export const OUTBOX_CHANNEL = 'kelisim_outbox';

/**
 * The journal append of a command's events, for the message that commits it: the unit of work sends
 * it with COMMIT (and the command's deferred writes before it) as one simple-protocol message, so the
 * head lock, taken by the append and released by the commit, is never held while this process's
 * busy event loop gets round to reading one answer and sending the next statement.
 */
export function journalAppend(events: readonly PendingEvent[]): { text: string; values: unknown[] } {
  return { text: JOURNAL_APPEND_SQL, values: appendParameters(events) };
}

function appendParameters(events: readonly PendingEvent[]): unknown[] {
  return [
    events.map((e) => e.streamId),
    events.map((e) => e.streamType),
    events.map((e) => e.version),
    events.map((e) => e.type),
    events.map((e) => JSON.stringify(e.payload)),
    events.map((e) => e.actorId),
    events.map((e) => e.occurredAt.toISOString()),
  ];
}

/**
 * The one statement that appends events to the global hash chain and writes their outbox rows: it
 * locks the head row (held until commit, so appends are serialized and positions are gapless in
 * commit order), chains each event's hash to the previous one with `journal_hash`, inserts events
 * and outbox rows, moves the head and wakes the relay.
 */
export const JOURNAL_APPEND_SQL = `
WITH RECURSIVE
  head AS (SELECT position, hash::text AS hash FROM journal_head WHERE id = 1 FOR UPDATE),
  input AS (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::uuid[], $7::timestamptz[])
      WITH ORDINALITY AS i(stream_id, stream_type, version, type, payload, actor_id, occurred_at, ord)
  ),
  chain AS (
    SELECT i.ord, h.position + 1 AS position, h.hash AS prev_hash,
           journal_hash(h.hash, h.position + 1, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at) AS hash
      FROM head h JOIN input i ON i.ord = 1
    UNION ALL
    SELECT i.ord, c.position + 1, c.hash,
           journal_hash(c.hash, c.position + 1, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at)
      FROM chain c JOIN input i ON i.ord = c.ord + 1
  ),
  inserted AS (
    INSERT INTO journal_events (position, stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
    SELECT c.position, i.stream_id, i.stream_type, i.version, i.type, i.payload, i.actor_id, i.occurred_at, c.hash, c.prev_hash
      FROM chain c JOIN input i USING (ord)
    RETURNING position, stream_id
  ),
  outboxed AS (INSERT INTO outbox (position, stream_id) SELECT position, stream_id FROM inserted RETURNING position),
  moved AS (
    UPDATE journal_head SET position = last.position, hash = last.hash
      FROM (SELECT position, hash FROM chain ORDER BY ord DESC LIMIT 1) last
     WHERE journal_head.id = 1
  )
SELECT pg_notify('${OUTBOX_CHANNEL}', (SELECT count(*) FROM outboxed)::text)`;
