import type { DataSource } from 'typeorm';
import { inOneSnapshot } from './journal-snapshot.js';
import { type ExportLine, exportedEvent } from '../domain/verification/journal-export.js';
import type { NoteVerifier } from '../domain/transparency/note-keys.js';
import { journalEventColumns, type JournalEventRow, toJournalEvent } from '@kelisim/persistence';

/** Writes the journal as JSON Lines (see ExportLine), reading it in pages of one snapshot; returns the number of events. */
export async function exportJournal(dataSource: DataSource, key: NoteVerifier, write: (line: string) => Promise<void> | void, pageSize = 5000): Promise<number> {
  return inOneSnapshot(dataSource, async (query) => {
    const emit = (line: ExportLine) => write(JSON.stringify(line) + '\n');
    await emit({ kind: 'kelisim-journal-export', version: 1, origin: key.name, verifierKey: key.verifierKey, exportedAt: new Date().toISOString() });
    const checkpoints = (await query('SELECT tree_size, note, sealed_at FROM journal_checkpoints ORDER BY tree_size')) as {
      tree_size: string;
      note: string;
      sealed_at: Date;
    }[];
    for (const c of checkpoints) await emit({ kind: 'checkpoint', treeSize: Number(c.tree_size), note: c.note, sealedAt: new Date(c.sealed_at).toISOString() });
    let count = 0;
    let leafIndex = 0;
    for (;;) {
      const rows = (await query(
        `SELECT l.leaf_index, ${journalEventColumns('e')} FROM journal_leaves l JOIN journal_events e ON e.position = l.position
          WHERE l.leaf_index >= $1 ORDER BY l.leaf_index LIMIT $2`,
        [leafIndex, pageSize],
      )) as (JournalEventRow & { leaf_index: string })[];
      for (const row of rows) await emit({ kind: 'leaf', leafIndex: Number(row.leaf_index), event: exportedEvent(toJournalEvent(row)) });
      count += rows.length;
      if (rows.length < pageSize) break;
      leafIndex = Number(rows[rows.length - 1].leaf_index) + 1;
    }
    let after = 0;
    for (;;) {
      const rows = (await query(
        `SELECT ${journalEventColumns('e')} FROM journal_events e
          WHERE e.position > $1 AND NOT EXISTS (SELECT 1 FROM journal_leaves l WHERE l.position = e.position) ORDER BY e.position LIMIT $2`,
        [after, pageSize],
      )) as JournalEventRow[];
      for (const row of rows) await emit({ kind: 'event', event: exportedEvent(toJournalEvent(row)) });
      count += rows.length;
      if (rows.length < pageSize) break;
      after = Number(rows[rows.length - 1].position);
    }
    return count;
  });
}
