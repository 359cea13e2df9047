import type { NoteVerifier } from '../transparency/note-keys.js';
import { type JournalVerdict, JournalVerifier, type StoredEvent } from './journal-verifier.js';

/**
 * The export of the journal as JSON Lines (`npm run audit:export -- FILE`): a header, the signed
 * checkpoints, the sealed events in leaf order, then the events not sealed yet in position order.
 * Hashes are hex as stored; each event's fields are those its hash covers (docs/journal.md).
 */
export type ExportLine =
  | { kind: 'kelisim-journal-export'; version: 1; origin: string; verifierKey: string; exportedAt: string }
  | { kind: 'checkpoint'; treeSize: number; note: string; sealedAt: string }
  | { kind: 'leaf'; leafIndex: number; event: ExportedEvent }
  | { kind: 'event'; event: ExportedEvent };

export interface ExportedEvent {
  position: number;
  streamId: string;
  streamType: string;
  version: number;
  type: string;
  payload: unknown;
  actorId: string | null;
  occurredAt: string;
  hash: string;
  prevHash: string;
}

export const exportedEvent = (event: StoredEvent): ExportedEvent => ({
  position: event.position,
  streamId: event.streamId,
  streamType: event.streamType,
  version: event.version,
  type: event.type,
  payload: event.payload,
  actorId: event.actorId,
  occurredAt: new Date(event.occurredAt).toISOString(),
  hash: event.hash,
  prevHash: event.prevHash,
});

export class MalformedExportError extends Error {
  constructor(line: number, reason: string) {
    super(`The export is malformed at line ${line}: ${reason}.`);
  }
}

/**
 * Verifies an export with no database: `key` the journal's verifier key (from its owner, not from
 * the file — the header's is only a fallback the caller chooses), `witness` checkpoints kept
 * outside. Checkpoints must come before the events (as the export writes them).
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
  key: (header: Extract<ExportLine, { kind: 'kelisim-journal-export' }>) => NoteVerifier,
  witness: readonly string[] = [],
): Promise<JournalVerdict> {
  let verifier: JournalVerifier | null = null;
  let number = 0;
  let witnessed = false;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let line: ExportLine;
    try {
      line = JSON.parse(text) as ExportLine;
    } catch {
      throw new MalformedExportError(number, 'not JSON');
    }
    if (!verifier) {
      if (line.kind !== 'kelisim-journal-export') throw new MalformedExportError(number, 'the first line is not the export header');
      verifier = new JournalVerifier(key(line));
      continue;
    }
    if (line.kind !== 'checkpoint' && !witnessed) {
      witnessed = true;
      for (const note of witness) if (!verifier.checkpoint(note, true)) return verifier.finish();
    }
    const ok =
      line.kind === 'checkpoint'
        ? verifier.checkpoint(line.note)
        : line.kind === 'leaf'
          ? verifier.leaf(line.leafIndex, line.event ? { ...line.event } : null)
          : line.kind === 'event'
            ? verifier.unsealed({ ...line.event })
            : (() => {
                throw new MalformedExportError(number, `unknown line kind ${JSON.stringify((line as { kind: unknown }).kind)}`);
              })();
    if (!ok) return verifier.finish();
  }
  if (!verifier) throw new MalformedExportError(number, 'the file is empty');
  if (!witnessed) for (const note of witness) if (!verifier.checkpoint(note, true)) return verifier.finish();
  return verifier.finish();
}
