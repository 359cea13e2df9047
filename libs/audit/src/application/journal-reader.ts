import type { DataSource } from 'typeorm';
import { inOneSnapshot, journalItems } from './journal-snapshot.js';
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

    for await (const item of journalItems(query, pageSize)) {
      const ok = item.kind === 'leaf' ? verifier.leaf(item.leafIndex, item.event) : verifier.unsealed(item.event);
      if (!ok) return verifier.finish();
    }
    return verifier.finish();
  });
}
