import { timingSafeEqual } from 'node:crypto';
import { foldRight, HASH_SIZE, type NodeId, nodeHash, perfectSubtrees, splitPoint } from './merkle.js';
import { ProofRangeError } from './transparency.errors.js';

/*
 * RFC 9162 inclusion (§2.1.3) and consistency (§2.1.4) proofs. Generation walks the RFC's
 * recursion over leaf ranges, not hashes: each proof element is the root of a range [lo, hi),
 * and a range is tiled by stored complete subtrees (only the one at the tree's right edge needs
 * more than one). So a proof costs one read of O(log n) stored nodes, whatever the tree's size.
 */

/**
 * Returns the stored hashes of the given complete subtrees, in the order asked. Called at most
 * once per proof, so a database answers with one query.
 */
export type NodeReader = (ids: readonly NodeId[]) => Promise<readonly Uint8Array[]> | readonly Uint8Array[];

type Range = readonly [lo: number, hi: number];

/** The audit path of leaf `leafIndex` in the tree of `treeSize` leaves, leaf to root. */
export async function inclusionProof(leafIndex: number, treeSize: number, read: NodeReader): Promise<Buffer[]> {
  if (!isCount(treeSize) || treeSize < 1) throw new ProofRangeError('treeSize', treeSize, `1…${Number.MAX_SAFE_INTEGER}`);
  if (!isCount(leafIndex) || leafIndex >= treeSize) throw new ProofRangeError('leafIndex', leafIndex, `0…${treeSize - 1}`);
  const siblings: Range[] = [];
  let [lo, hi] = [0, treeSize];
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (leafIndex < lo + k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
    }
  }
  return rangeHashes(siblings.reverse(), read);
}

/** The proof that the tree of `from` leaves is a prefix of the tree of `to` leaves (0 < from ≤ to). */
export async function consistencyProof(from: number, to: number, read: NodeReader): Promise<Buffer[]> {
  if (!isCount(to) || to < 1) throw new ProofRangeError('to', to, `1…${Number.MAX_SAFE_INTEGER}`);
  if (!isCount(from) || from < 1 || from > to) throw new ProofRangeError('from', from, `1…${to}`);
  // SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1, unrolled; `known` is b.
  const siblings: Range[] = [];
  let [lo, hi] = [0, to];
  let known = true;
  while (from !== hi) {
    const k = splitPoint(hi - lo);
    if (from <= lo + k) {
      siblings.push([lo + k, hi]);
      hi = lo + k;
    } else {
      siblings.push([lo, lo + k]);
      lo += k;
      known = false;
    }
  }
  if (!known) siblings.push([lo, hi]);
  return rangeHashes(siblings.reverse(), read);
}

async function rangeHashes(ranges: readonly Range[], read: NodeReader): Promise<Buffer[]> {
  const tiles = ranges.map(([lo, hi]) => perfectSubtrees(lo, hi));
  const ids = tiles.flat();
  const hashes = ids.length === 0 ? [] : await read(ids);
  if (hashes.length !== ids.length) {
    throw new Error(`The node store returned ${hashes.length} hashes for ${ids.length} nodes.`);
  }
  hashes.forEach((hash, i) => {
    if (hash?.length !== HASH_SIZE) throw new Error(`The node store returned no ${HASH_SIZE}-byte hash for node ${ids[i]!.level}/${ids[i]!.index}.`);
  });
  let next = 0;
  return tiles.map((tile) => foldRight(hashes.slice(next, (next += tile.length)))!);
}

/** RFC 9162 §2.1.3.2: does `proof` put leaf hash `leaf` at `leafIndex` of the tree with root `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  leafIndex: number,
  treeSize: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!isCount(leafIndex) || !isCount(treeSize) || leafIndex >= treeSize) return false;
  if (![leaf, root, ...proof].every(isHash)) return false;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, half(sn)];
    } else {
      r = nodeHash(r, p);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && sameHash(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree of `from` leaves with root `fromRoot` a prefix of the tree of
 * `to` leaves with root `toRoot`? Equal sizes need equal roots and an empty proof; a proof from
 * the empty tree proves nothing and is refused, as in transparency-dev/merkle.
 */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!isCount(from) || !isCount(to) || from < 1 || from > to) return false;
  if (from === to) return proof.length === 0 && Buffer.from(fromRoot).equals(toRoot);
  if (proof.length === 0 || ![fromRoot, toRoot, ...proof].every(isHash)) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : proof;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) [fn, sn] = [half(fn), half(sn)];
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn / 2, half(sn)];
    } else {
      sr = nodeHash(sr, c);
    }
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && sameHash(fr, fromRoot) && sameHash(sr, toRoot);
}

const half = (n: number): number => (n - (n % 2)) / 2;
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;
const isHash = (hash: Uint8Array | undefined): boolean => hash?.length === HASH_SIZE;
const sameHash = (a: Uint8Array, b: Uint8Array): boolean => timingSafeEqual(a, b);

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}
