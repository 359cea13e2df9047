import type { DomainEvent } from '@kelisim/kernel';
import { JOURNAL_GENESIS_HASH, journalEventHash } from '@kelisim/kernel';

export interface PendingEvent extends DomainEvent {
  streamId: string;
  streamType: string;
  version: number;
  actorId: string | null;
  occurredAt: Date;
}

export const OUTBOX_CHANNEL = 'kelisim_outbox';

/**
 * The last hash of each stream among `streamIds`, for the chains of a command's events: read
 * without a lock. A concurrent append to the same stream cannot fork it: (stream_id, version) and
 * (stream_id, prev_hash) are unique, so the later of two appends that read the same head fails
 * (after waiting for the first to commit or roll back).
 */
export function streamHeadsQuery(streamIds: readonly string[]): { text: string; values: unknown[] } {
  return {
    text: `SELECT DISTINCT ON (stream_id) stream_id, hash FROM journal_events
            WHERE stream_id = ANY($1::uuid[]) ORDER BY stream_id, version DESC`,
    values: [streamIds],
  };
}

/** Streams of `events` that may already have events in the journal (a stream's version 1 cannot). */
export function streamsWithHistory(events: readonly PendingEvent[]): string[] {
  const first = new Map<string, number>();
  for (const e of events) first.set(e.streamId, Math.min(first.get(e.streamId) ?? Infinity, e.version));
  return [...first].filter(([, version]) => version > 1).map(([id]) => id);
}

/**
 * The journal append of a command's events, sent with COMMIT as one message: each event chained
 * (in Node, `journalEventHash`) to the previous event of its stream — `heads` gives a stream's last
 * stored hash, absent for a new stream. Positions come from a sequence, so the append takes no lock
 * another stream's command needs; each row records its transaction (`tx`), which the relay and the
 * sealer use to wait for transactions still in flight.
 */
export function journalAppend(events: readonly PendingEvent[], heads: ReadonlyMap<string, string> = new Map()): { text: string; values: unknown[] } {
  const last = new Map(heads);
  const rows = events.map((e) => {
    const payloadText = JSON.stringify(e.payload ?? {});
    const prevHash = last.get(e.streamId) ?? JOURNAL_GENESIS_HASH;
    const hash = journalEventHash({ ...e, payload: JSON.parse(payloadText) as unknown }, prevHash);
    last.set(e.streamId, hash);
    return { e, payloadText, prevHash, hash };
  });
  return {
    text: JOURNAL_APPEND_SQL,
    values: [
      rows.map((r) => r.e.streamId),
      rows.map((r) => r.e.streamType),
      rows.map((r) => r.e.version),
      rows.map((r) => r.e.type),
      rows.map((r) => r.payloadText),
      rows.map((r) => r.e.actorId),
      rows.map((r) => r.e.occurredAt.toISOString()),
      rows.map((r) => r.hash),
      rows.map((r) => r.prevHash),
    ],
  };
}

/** Inserts the events (positions from journal_position_seq, in the given order) and their outbox rows. */
export const JOURNAL_APPEND_SQL = `
WITH inserted AS (
  INSERT INTO journal_events (stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash)
  SELECT stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash
    FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::uuid[], $7::timestamptz[], $8::text[], $9::text[])
         WITH ORDINALITY AS i(stream_id, stream_type, version, type, payload, actor_id, occurred_at, hash, prev_hash, ord)
   ORDER BY ord
  RETURNING position, stream_id
)
INSERT INTO outbox (position, stream_id) SELECT position, stream_id FROM inserted`;

/**
 * The journal's horizon: an xid8 below which every transaction of this database has ended, so
 * every journal row with `tx` below it that will ever exist is committed and visible to the next
 * statement. It is the oldest transaction in flight *in this database* (the snapshot's in-progress
 * ids that belong to a backend connected here), else the snapshot's xmax: a transaction that has no
 * id yet will get one above it. Computed per database, not from pg_snapshot_xmin, so a long
 * transaction in another database of the same server holds nothing back. Run it as its own
 * statement and read the rows in a later one (READ COMMITTED: a newer snapshot).
 */
export const JOURNAL_HORIZON_SQL = `
SELECT coalesce(
  (SELECT min(x) FROM pg_snapshot_xip(s.snap) AS x
    WHERE (x::text::bigint % 4294967296) IN (
      SELECT backend_xid::text::bigint FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL)),
  pg_snapshot_xmax(s.snap))::text AS horizon
  FROM (SELECT pg_current_snapshot() AS snap) s`;
