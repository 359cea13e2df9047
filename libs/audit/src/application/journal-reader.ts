import type { DataSource } from 'typeorm';
import type { NoteVerifier } from '../domain/transparency/note-keys.js';
import { type JournalVerdict, JournalVerifier, type StoredEvent } from '../domain/verification/journal-verifier.js';

export interface EventRow {
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

export const EVENT_COLUMNS = 'e.position, e.stream_id, e.stream_type, e.version, e.type, e.payload, e.actor_id, e.occurred_at, e.hash, e.prev_hash';

export const toStoredEvent = (row: EventRow): StoredEvent => ({
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

/**
 * Verifies the journal as stored, recomputing everything in Node (`JournalVerifier`); the database
 * is only read, in pages: the signed checkpoints, the leaves in leaf order with their events, then
 * the events not sealed yet in position order. `witness`: signed checkpoints kept outside.
 */
export async function verifyStoredJournal(
  dataSource: DataSource,
  key: NoteVerifier | null,
  options: { pageSize?: number; witness?: readonly string[] } = {},
): Promise<JournalVerdict> {
  const pageSize = options.pageSize ?? 5000;
  const verifier = new JournalVerifier(key);
  const checkpoints = (await dataSource.query('SELECT note FROM journal_checkpoints ORDER BY tree_size')) as { note: string }[];
  for (const { note } of checkpoints) if (!verifier.checkpoint(note)) return verifier.finish();
  for (const note of options.witness ?? []) if (!verifier.checkpoint(note, true)) return verifier.finish();

  let leafIndex = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT l.leaf_index, ${EVENT_COLUMNS} FROM journal_leaves l LEFT JOIN journal_events e ON e.position = l.position
        WHERE l.leaf_index >= $1 ORDER BY l.leaf_index LIMIT $2`,
      [leafIndex, pageSize],
    )) as (EventRow & { leaf_index: string })[];
    for (const row of rows) {
      if (!verifier.leaf(Number(row.leaf_index), row.position === null ? null : toStoredEvent(row))) return verifier.finish();
      leafIndex = Number(row.leaf_index) + 1;
    }
    if (rows.length < pageSize) break;
  }

  let after = 0;
  for (;;) {
    const rows = (await dataSource.query(
      `SELECT ${EVENT_COLUMNS} FROM journal_events e
        WHERE e.position > $1 AND NOT EXISTS (SELECT 1 FROM journal_leaves l WHERE l.position = e.position)
        ORDER BY e.position LIMIT $2`,
      [after, pageSize],
    )) as EventRow[];
    for (const row of rows) if (!verifier.unsealed(toStoredEvent(row))) return verifier.finish();
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1].position);
  }
  return verifier.finish();
}
