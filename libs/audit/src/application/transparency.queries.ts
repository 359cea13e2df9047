import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@kelisim/kernel';
import { decodeCursor, type Page, toPage } from '@kelisim/persistence';
import { consistencyProof, inclusionProof } from '../domain/transparency/proofs.js';
import { ProofRangeError } from '../domain/transparency/transparency.errors.js';
import { JournalKey } from './journal-key.js';
import { readNodes } from './tree-store.js';

export interface CheckpointView {
  treeSize: number;
  /** The signed note's full text (C2SP tlog-checkpoint, C2SP signed note). */
  note: string;
  sealedAt: string;
}

export interface InclusionProofView {
  leafIndex: number;
  treeSize: number;
  /** RFC 9162 inclusion proof, each hash base64. */
  proof: string[];
}

/** The journal's tree as a transparency log publishes it: checkpoints, proofs, the verifier key. */
@Injectable()
export class TransparencyQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly key: JournalKey,
  ) {}

  /** Newest first. */
  async checkpoints(limit: number, cursor?: string): Promise<Page<CheckpointView>> {
    const after = decodeCursor(cursor, 'position');
    const rows = (await this.dataSource.query(
      `SELECT tree_size, note, sealed_at FROM journal_checkpoints WHERE ($1::bigint IS NULL OR tree_size < $1) ORDER BY tree_size DESC LIMIT $2`,
      [after ? after.k : null, limit + 1],
    )) as { tree_size: string; note: string; sealed_at: Date }[];
    return toPage(
      rows,
      limit,
      (r) => ({ k: Number(r.tree_size), id: r.tree_size }),
      (r) => ({ treeSize: Number(r.tree_size), note: r.note, sealedAt: new Date(r.sealed_at).toISOString() }),
    );
  }

  async inclusion(position: number, treeSize?: number): Promise<InclusionProofView> {
    const [leaf] = (await this.dataSource.query('SELECT leaf_index FROM journal_leaves WHERE position = $1', [position])) as { leaf_index: string }[];
    if (!leaf) throw new NotFoundError('journal_event', String(position));
    const leafIndex = Number(leaf.leaf_index);
    const latest = await this.latestSize();
    const size = treeSize ?? latest;
    if (size <= leafIndex || size > latest) throw new ProofRangeError('treeSize', size, `${leafIndex + 1}…${latest}`);
    const proof = await inclusionProof(leafIndex, size, (ids) => readNodes(this.dataSource, ids));
    return { leafIndex, treeSize: size, proof: proof.map((h) => h.toString('base64')) };
  }

  async consistency(from: number, to: number): Promise<{ proof: string[] }> {
    const latest = await this.latestSize();
    if (to < 1 || to > latest) throw new ProofRangeError('to', to, `1…${latest}`);
    if (from < 1 || from > to) throw new ProofRangeError('from', from, `1…${to}`);
    const proof = await consistencyProof(from, to, (ids) => readNodes(this.dataSource, ids));
    return { proof: proof.map((h) => h.toString('base64')) };
  }

  publicKey(): { verifierKey: string } {
    return { verifierKey: this.key.signer.verifier.verifierKey };
  }

  /** The newest checkpoint's tree size: proofs are given for checkpointed trees and those below them. */
  private async latestSize(): Promise<number> {
    const [row] = (await this.dataSource.query('SELECT max(tree_size) AS size FROM journal_checkpoints')) as { size: string | null }[];
    return Number(row?.size ?? 0);
  }
}
