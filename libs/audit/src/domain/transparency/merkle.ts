import { createHash, hash } from 'node:crypto';

/*
 * RFC 9162 §2.1 Merkle tree hashing, and the tree's right edge kept as a compact range so that
 * appending needs only O(log n) hashes in memory, never the leaves before.
 *
 * Sizes and indexes are JavaScript numbers, exact up to 2^53 - 1. Bitwise operators would cut
 * them to 32 bits, so halving and parity are written as arithmetic throughout.
 */

export const HASH_SIZE = 32;

/*
 * The bytes hashed, prefix included, assembled in one buffer and hashed with the one-shot
 * `crypto.hash`: half the time of a `createHash` object with three updates, and hashing is most of
 * the sealer's and the export verifier's work in Node. Synchronous, so one buffer each serves all.
 */
const LEAF_INPUT = Buffer.alloc(1 + HASH_SIZE, 0x00);
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, 0x01);

/** SHA-256(0x00 ‖ data): the journal passes the event's 32-byte hash as `data`. */
export function leafHash(data: Uint8Array): Buffer {
  if (data.length !== HASH_SIZE) return createHash('sha256').update(LEAF_INPUT.subarray(0, 1)).update(data).digest();
  LEAF_INPUT.set(data, 1);
  return hash('sha256', LEAF_INPUT, 'buffer');
}

/** SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return createHash('sha256').update(NODE_INPUT.subarray(0, 1)).update(left).update(right).digest();
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return hash('sha256', NODE_INPUT, 'buffer');
}

/** The root of the empty tree, SHA-256 of nothing. A fresh copy: Buffers are mutable. */
export function emptyRoot(): Buffer {
  return createHash('sha256').digest();
}

/**
 * A complete subtree: the node at `level` (0 = leaves) and `index` covers the leaves
 * [index·2^level, (index+1)·2^level). Only complete subtrees are ever stored: their hashes never
 * change once the tree has grown past them.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Receives each complete subtree as it comes into being, leaves included: what a store persists. */
export type NodeSink = (level: number, index: number, hash: Buffer) => void;

/**
 * The tree [0, size) as its compact range: the roots of the complete subtrees that cover it,
 * largest (leftmost) first, one per set bit of `size`. That is all an append needs, so a sealer
 * keeps one in memory or reloads it from the store (`frontierNodeIds`) after a restart.
 */
export class CompactRange {
  private readonly stack: Buffer[] = [];
  private count = 0;

  /** Resumes a tree of `size` leaves from its frontier hashes (as read for `frontierNodeIds(size)`). */
  static of(size: number, hashes: readonly Uint8Array[]): CompactRange {
    assertSize(size, 'size');
    const ids = frontierNodeIds(size);
    if (hashes.length !== ids.length) {
      throw new RangeError(`A tree of ${size} leaves has ${ids.length} frontier hashes, not ${hashes.length}.`);
    }
    const range = new CompactRange();
    for (const hash of hashes) range.stack.push(Buffer.from(checkHash(hash, 'frontier hash')));
    range.count = size;
    return range;
  }

  get size(): number {
    return this.count;
  }

  /** The frontier, largest subtree first (copies). */
  hashes(): Buffer[] {
    return this.stack.map((hash) => Buffer.from(hash));
  }

  /**
   * Appends one leaf hash (see `leafHash`). `sink` hears the leaf and every subtree it completes,
   * bottom up; on average one or two per leaf.
   */
  append(leafHashValue: Uint8Array, sink?: NodeSink): void {
    if (this.count >= Number.MAX_SAFE_INTEGER) throw new RangeError('The tree is full.');
    let hash: Buffer = Buffer.from(checkHash(leafHashValue, 'leaf hash'));
    let index = this.count;
    let level = 0;
    sink?.(level, index, hash);
    // Each trailing one bit of the old size is a complete subtree the new leaf now pairs with.
    for (let rest = this.count; rest % 2 === 1; rest = (rest - 1) / 2) {
      hash = nodeHash(this.stack.pop()!, hash);
      level += 1;
      index = (index - 1) / 2;
      sink?.(level, index, hash);
    }
    this.stack.push(hash);
    this.count += 1;
  }

  /** The root hash (RFC 9162 MTH) of the tree so far. */
  root(): Buffer {
    return foldRight(this.stack) ?? emptyRoot();
  }
}

/** The root of the leaf hashes in order, streamed in O(log n) memory: the check of an export. */
export async function rootFromLeaves(leafHashes: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Buffer> {
  const range = new CompactRange();
  for await (const hash of leafHashes) range.append(hash);
  return range.root();
}

/** Which stored nodes make up the frontier of a tree of `size` leaves, largest first. */
export function frontierNodeIds(size: number): NodeId[] {
  assertSize(size, 'size');
  return perfectSubtrees(0, size);
}

/**
 * The complete subtrees that tile [lo, hi), largest first. Every range in RFC 9162's recursion
 * starts at a multiple of the power of two at or above its length, so greedy tiling aligns.
 */
export function perfectSubtrees(lo: number, hi: number): NodeId[] {
  const ids: NodeId[] = [];
  let start = lo;
  while (start < hi) {
    let width = 1;
    let level = 0;
    while (width * 2 <= hi - start) {
      width *= 2;
      level += 1;
    }
    ids.push({ level, index: start / width });
    start += width;
  }
  return ids;
}

/** MTH of adjacent subtree roots, largest first: H(a, H(b, H(c, d))), as RFC 9162 splits. */
export function foldRight(hashes: readonly Uint8Array[]): Buffer | undefined {
  if (hashes.length === 0) return undefined;
  let hash: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

/** The largest power of two strictly below n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function checkHash(hash: Uint8Array, what: string): Uint8Array {
  if (hash.length !== HASH_SIZE) throw new RangeError(`A ${what} has ${HASH_SIZE} bytes, not ${hash.length}.`);
  return hash;
}

function assertSize(size: number, name: string): void {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`${name} must be a non-negative safe integer, not ${size}.`);
}
