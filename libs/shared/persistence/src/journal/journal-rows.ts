import type { JournalEvent } from '@kelisim/kernel';

/** A `journal_events` row as pg returns it (bigint position as a string). */
export interface JournalEventRow {
  position: string;
  stream_id: string;
  stream_type: string;
  version: number;
  type: string;
  payload: Record<string, unknown>;
  actor_id: string | null;
  occurred_at: Date;
  hash: string;
  prev_hash: string;
}

/** The columns of a JournalEventRow, qualified by `alias` when the query joins `journal_events`. */
export const journalEventColumns = (alias = ''): string =>
  ['position', 'stream_id', 'stream_type', 'version', 'type', 'payload', 'actor_id', 'occurred_at', 'hash', 'prev_hash'].map((c) => (alias ? `${alias}.${c}` : c)).join(', ');

export const toJournalEvent = (row: JournalEventRow): JournalEvent => ({
  position: Number(row.position),
  streamId: row.stream_id,
  streamType: row.stream_type,
  version: row.version,
  type: row.type,
  payload: row.payload,
  actorId: row.actor_id,
  occurredAt: new Date(row.occurred_at),
  hash: row.hash,
  prevHash: row.prev_hash,
});
