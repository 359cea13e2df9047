import type { DataSource } from 'typeorm';
import { inOneSnapshot } from './journal-snapshot.js';
import { journalEventColumns, type JournalEventRow, toJournalEvent } from '@kelisim/persistence';
import type { NoteVerifier } from '../domain/transparency/note-keys.js';
import { type JournalVerdict, JournalVerifier } from '../domain/verification/journal-verifier.js';

/**
 * Verifies the journal as stored, recomputing everything in Node (`JournalVerifier`); the database
 * is only read, in pages of one snapshot: the signed checkpoints, the leaves in leaf order with
 * their events, then the events not sealed yet in position order. `witness`: signed checkpoints
 * kept outside.
 */
export async function verifyStoredJournal(
  dataSource: DataSource,
  key: NoteVerifier | null,
  options: { pageSize?: number; witness?: readonly string[] } = {},
): Promise<JournalVerdict> {
  return inOneSnapshot(dataSource, async (query) => {
    const pageSize = options.pageSize ?? 5000;
    const verifier = new JournalVerifier(key);
    const checkpoints = (await query('SELECT note FROM journal_checkpoints ORDER BY tree_size')) as { note: string }[];
    for (const { note } of checkpoints) if (!verifier.checkpoint(note)) return verifier.finish();
    for (const note of options.witness ?? []) if (!verifier.checkpoint(note, true)) return verifier.finish();

    let leafIndex = 0;
    for (;;) {
      const rows = (await query(
        `SELECT l.leaf_index, ${journalEventColumns('e')} FROM journal_leaves l LEFT JOIN journal_events e ON e.position = l.position
          WHERE l.leaf_index >= $1 ORDER BY l.leaf_index LIMIT $2`,
        [leafIndex, pageSize],
      )) as (JournalEventRow & { leaf_index: string })[];
      for (const row of rows) {
        if (!verifier.leaf(Number(row.leaf_index), row.position === null ? null : toJournalEvent(row))) return verifier.finish();
        leafIndex = Number(row.leaf_index) + 1;
      }
      if (rows.length < pageSize) break;
    }

    let after = 0;
    for (;;) {
      const rows = (await query(
        `SELECT ${journalEventColumns('e')} FROM journal_events e
          WHERE e.position > $1 AND NOT EXISTS (SELECT 1 FROM journal_leaves l WHERE l.position = e.position)
          ORDER BY e.position LIMIT $2`,
        [after, pageSize],
      )) as JournalEventRow[];
      for (const row of rows) if (!verifier.unsealed(toJournalEvent(row))) return verifier.finish();
      if (rows.length < pageSize) break;
      after = Number(rows[rows.length - 1].position);
    }
    return verifier.finish();
  });
}
