import { type ChainedFields, interpolate, JOURNAL_GENESIS_HASH, journalEventHash, type LocalizedText } from '@kelisim/kernel';
import { CompactRange, leafHash } from '../transparency/merkle.js';
import type { NoteVerifier } from '../transparency/note-keys.js';
import { openCheckpoint } from '../transparency/checkpoint.js';
import { JOURNAL_FAULT_TEXTS, type JournalFaultCode } from './journal-faults.js';

/** One journal event as stored (hex hashes), from the database or an export. */
export interface StoredEvent extends ChainedFields {
  readonly position: number;
  readonly hash: string;
  readonly prevHash: string;
}

/** What the verifier found: ok, or the first broken event or checkpoint, named in kk/ru/en. */
export interface JournalVerdict {
  ok: boolean;
  /** Events whose hash and chain link were recomputed. */
  checked: number;
  /** Events in the Merkle tree (leaves). */
  sealed: number;
  /** Checkpoints whose signature and root were checked. */
  checkpoints: number;
  /** Position of the first event whose hash, link or leaf is wrong. */
  firstBrokenAt?: number;
  /** Tree size of the first checkpoint that the journal contradicts. */
  brokenCheckpoint?: number;
  reason?: JournalFaultCode;
  /** What broke, for a person. */
  message?: LocalizedText;
}

interface PendingCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  witness: boolean;
}

/**
 * Recomputes the journal in Node, with nothing taken from the database on trust: each event's hash
 * from its canonical bytes and the previous hash of its stream, each stream's chain, the Merkle tree
 * over the leaves in leaf order, and each signed checkpoint's signature (with the journal's verifier
 * key, which a reader gets elsewhere) and root. Feed `checkpoint()` first, then `leaf()` in leaf
 * order, then `unsealed()` for events not yet in the tree (position order), then `finish()`.
 * It stops at the first fault.
 */
export class JournalVerifier {
  private readonly heads = new Map<string, { version: number; hash: string }>();
  private readonly tree = new CompactRange();
  private readonly pending: PendingCheckpoint[] = [];
  private checked = 0;
  private checkpointsChecked = 0;
  private fault: Omit<JournalVerdict, 'ok' | 'checked' | 'sealed' | 'checkpoints'> | null = null;

  constructor(
    private readonly key: NoteVerifier | null,
    private readonly origin: string | null = key?.name ?? null,
  ) {}

  get broken(): boolean {
    return this.fault !== null;
  }

  /** A signed checkpoint (the journal's own, or one a witness kept): signature now, root when the tree reaches its size. */
  checkpoint(note: string, witness = false): boolean {
    if (this.fault) return false;
    let opened: ReturnType<typeof openCheckpoint>;
    try {
      if (!this.key) throw new Error('no verifier key');
      opened = openCheckpoint(note, [this.key]);
      if (this.origin && opened.checkpoint.origin !== this.origin) throw new Error(`origin ${opened.checkpoint.origin}`);
    } catch {
      const treeSize = Number(/^[^\n]*\n(\d+)\n/.exec(note)?.[1] ?? NaN);
      return this.fail(witness ? 'WITNESS_SIGNATURE' : 'CHECKPOINT_SIGNATURE', { treeSize, key: this.key?.verifierKey ?? '—' }, { brokenCheckpoint: treeSize });
    }
    const { treeSize, rootHash } = opened.checkpoint;
    if (treeSize === 0) {
      this.checkpointsChecked += 1;
      return true;
    }
    this.pending.push({ treeSize, rootHash, witness });
    this.pending.sort((a, b) => a.treeSize - b.treeSize);
    return this.settle();
  }

  /** The event at `leafIndex` (null when the leaf points to no event). */
  leaf(leafIndex: number, event: StoredEvent | null): boolean {
    if (this.fault) return false;
    if (leafIndex !== this.tree.size || event === null) {
      return this.fail('LEAF_MISSING', { leafIndex: this.tree.size }, event ? { firstBrokenAt: event.position } : {});
    }
    if (!this.chain(event)) return false;
    this.tree.append(leafHash(Buffer.from(event.hash, 'hex')));
    return this.settle();
  }

  /** An event the sealer has not put in the tree yet. */
  unsealed(event: StoredEvent): boolean {
    if (this.fault) return false;
    return this.chain(event);
  }

  finish(): JournalVerdict {
    const counts = { checked: this.checked, sealed: this.tree.size, checkpoints: this.checkpointsChecked };
    if (!this.fault && this.pending.length > 0) {
      const beyond = this.pending[0];
      this.fail(beyond.witness ? 'WITNESS_BEYOND_JOURNAL' : 'CHECKPOINT_BEYOND_JOURNAL', { treeSize: beyond.treeSize, leaves: this.tree.size }, {
        brokenCheckpoint: beyond.treeSize,
      });
    }
    return this.fault ? { ok: false, ...counts, ...this.fault } : { ok: true, ...counts };
  }

  private chain(event: StoredEvent): boolean {
    const head = this.heads.get(event.streamId);
    const recomputed = safeHash(event);
    if (recomputed !== event.hash) return this.fail('EVENT_ALTERED', { position: event.position }, { firstBrokenAt: event.position });
    if (event.prevHash !== (head?.hash ?? JOURNAL_GENESIS_HASH) || (head && head.version >= event.version)) {
      return this.fail('CHAIN_BROKEN', { position: event.position }, { firstBrokenAt: event.position });
    }
    this.heads.set(event.streamId, { version: event.version, hash: event.hash });
    this.checked += 1;
    return true;
  }

  /** Checks every pending checkpoint the tree has reached. */
  private settle(): boolean {
    while (this.pending.length > 0 && this.pending[0].treeSize === this.tree.size) {
      const checkpoint = this.pending.shift()!;
      if (!this.tree.root().equals(checkpoint.rootHash)) {
        return this.fail(checkpoint.witness ? 'WITNESS_ROOT_MISMATCH' : 'ROOT_MISMATCH', { treeSize: checkpoint.treeSize }, {
          brokenCheckpoint: checkpoint.treeSize,
        });
      }
      this.checkpointsChecked += 1;
    }
    return true;
  }

  private fail(code: JournalFaultCode, params: Record<string, string | number>, where: Pick<JournalVerdict, 'firstBrokenAt' | 'brokenCheckpoint'>): false {
    const texts = JOURNAL_FAULT_TEXTS[code];
    this.fault = {
      ...where,
      reason: code,
      message: { kk: interpolate(texts.kk, params), ru: interpolate(texts.ru, params), en: interpolate(texts.en, params) },
    };
    return false;
  }
}

function safeHash(event: StoredEvent): string | null {
  try {
    return journalEventHash(event, event.prevHash);
  } catch {
    return null;
  }
}
