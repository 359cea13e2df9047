import type { DomainEvent } from '@kelisim/kernel';
import { withLiterals } from '../sql-literals.js';

export interface PendingEvent extends DomainEvent {
  streamId: string;
  streamType: string;
  version: number;
  actorId: string | null;
  occurredAt: Date;
}

export const OUTBOX_CHANNEL = 'kelisim_outbox';

/** A pg connection: queries given to it are sent one after another, in the order they were given. */
interface PgConnection {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * Appends and commits in one message: the append, with its parameters written as literals, and
 * COMMIT, sent together as one simple query. The head lock is taken by the append and released by
 * the commit, and nothing runs between them in Node: with the two as separate messages, every
 * other command queued on the lock while this process's busy event loop got round to reading the
 * append's answer and sending COMMIT. Should the append fail, PostgreSQL skips the COMMIT and the
 * transaction is rolled back here before the error is thrown. `begin`: the transaction's BEGIN is
 * still to be sent (no statement ran in it), and goes first in the same message.
 */
export async function appendAndCommit(connection: PgConnection, events: readonly PendingEvent[], begin = false): Promise<void> {
  const start = begin ? 'BEGIN;\n' : '';
  if (events.length === 0) {
    await connection.query(`${start}COMMIT`);
    return;
  }
  try {
    await connection.query(`${start}${withLiterals(APPEND, appendParameters(events))};\nCOMMIT`);
  } catch (error) {
    // After a failed append the transaction is still open, aborted; after a failed COMMIT it is over
    // and this ROLLBACK only draws a warning.
    await connection.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
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
const APPEND = `
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
