import type { DataSource } from 'typeorm';
import { inOneSnapshot, journalItems } from './journal-snapshot.js';
import { type ExportLine, exportedEvent } from '../domain/verification/journal-export.js';
import type { NoteVerifier } from '../domain/transparency/note-keys.js';

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
    for await (const item of journalItems(query, pageSize)) {
      // A leaf whose event is gone has nothing to export; the verifier of the export finds the gap.
      if (item.event === null) continue;
      await emit(item.kind === 'leaf' ? { kind: 'leaf', leafIndex: item.leafIndex, event: exportedEvent(item.event) } : { kind: 'event', event: exportedEvent(item.event) });
      count++;
    }
    return count;
  });
}
