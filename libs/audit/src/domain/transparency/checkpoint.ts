import { decodeBase64, noteTextFault, parseDecimal } from './encoding.js';
import { HASH_SIZE } from './merkle.js';
import type { NoteSigner, NoteVerifier } from './note-keys.js';
import { type OpenedNote, openNote, signNote } from './signed-note.js';
import { MalformedCheckpointError } from './transparency.errors.js';

/*
 * C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the body of a signed note naming a
 * tree head — origin, decimal tree size, base64 root hash, then optional extension lines.
 */

export interface Checkpoint {
  /** The log's identity, e.g. `kelisim.example.kz/journal`; the signing key's name by convention. */
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Buffer;
  /** Opaque extra lines; the spec advises against them, so the journal writes none. */
  readonly extensions: readonly string[];
}

export interface CheckpointInput {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

/** The note text of a checkpoint, ending in a newline. */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const { origin, treeSize, rootHash, extensions = [] } = checkpoint;
  for (const [what, line] of [['origin', origin], ...extensions.map((line) => ['extension line', line] as const)] as const) {
    const fault = line.length === 0 ? 'it is empty' : line.includes('\n') ? 'it has a newline' : noteTextFault(line);
    if (fault) throw new MalformedCheckpointError(`the ${what} ${JSON.stringify(line)} cannot be written: ${fault}`);
  }
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new MalformedCheckpointError(`the tree size ${treeSize} is not a count`);
  if (rootHash.length !== HASH_SIZE) throw new MalformedCheckpointError(`the root hash has ${rootHash.length} bytes, not ${HASH_SIZE}`);
  return [origin, String(treeSize), Buffer.from(rootHash).toString('base64'), ...extensions].join('\n') + '\n';
}

/** Reads a checkpoint body strictly: one spelling of each value, nothing missing, nothing empty. */
export function parseCheckpoint(text: string, field = 'checkpoint'): Checkpoint {
  const fault = noteTextFault(text);
  if (fault) throw new MalformedCheckpointError(fault, field);
  if (!text.endsWith('\n')) throw new MalformedCheckpointError('it does not end in a newline', field);
  const [origin = '', size = '', root = '', ...extensions] = text.slice(0, -1).split('\n');
  if (origin === '') throw new MalformedCheckpointError('the origin line is empty', field);
  const treeSize = parseDecimal(size);
  if (treeSize === undefined) throw new MalformedCheckpointError(`the tree size ${JSON.stringify(size)} is not a decimal count`, field);
  const rootHash = decodeBase64(root);
  if (rootHash?.length !== HASH_SIZE) throw new MalformedCheckpointError(`the root hash ${JSON.stringify(root)} is not base64 of ${HASH_SIZE} bytes`, field);
  if (extensions.some((line) => line === '')) throw new MalformedCheckpointError('an extension line is empty', field);
  return { origin, treeSize, rootHash, extensions };
}

/** The checkpoint as a signed note: what the log publishes and witnesses keep. */
export function signCheckpoint(checkpoint: CheckpointInput, signer: NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), signer);
}

/**
 * Opens a signed checkpoint (see `openNote` for what it throws) and parses its body. The caller
 * still compares `checkpoint.origin` with the log it expects.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  field = 'checkpoint',
): { checkpoint: Checkpoint; note: OpenedNote } {
  const opened = openNote(note, verifiers, field);
  return { checkpoint: parseCheckpoint(opened.text, field), note: opened };
}
