import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { hex, isValidSubtree, MemoryTree, vectors } from '../../testing/transparency-fixtures.js';
import { emptyRoot, leafHash, nodeHash } from './merkle.js';
import { consistencyProof, inclusionProof, verifyConsistency, verifyInclusion } from './proofs.js';
import { ProofRangeError } from './transparency.errors.js';

interface InclusionProbe {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  wantErr: boolean;
}
interface ConsistencyProbe {
  file: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  wantErr: boolean;
}
interface TreeVectors {
  leafInputs: string[];
  rootHashes: string[];
  inclusionProofs: { index: number; size: number; proof: string[] }[];
  consistencyProofs: { size1: number; size2: number; proof: string[] }[];
  subtreeVectors: { leafCount: number; subtreeInclusionProofs: string };
}

const tree = vectors<TreeVectors>('rfc6962-tree.json');
const inclusionProbes = vectors<InclusionProbe[]>('merkle-inclusion-probes.json');
const consistencyProbes = vectors<ConsistencyProbe[]>('merkle-consistency-probes.json');
const b64 = (text: string): Buffer => Buffer.from(text, 'base64');
const hexes = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));
const reference = new MemoryTree(tree.leafInputs.map((input) => leafHash(hex(input))));
const eventLeaves = (n: number): Buffer[] => Array.from({ length: n }, (_, i) => leafHash(createHash('sha256').update(`event ${i}`).digest()));

/** RFC 9162 §2.1.1–2.1.4 straight from the definitions, over all the leaves. */
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function path(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}
function subproof(m: number, leaves: readonly Buffer[], known: boolean): Buffer[] {
  if (m === leaves.length) return known ? [] : [mth(leaves)];
  const k = split(leaves.length);
  return m <= k
    ? [...subproof(m, leaves.slice(0, k), known), mth(leaves.slice(k))]
    : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

describe('RFC 9162 proofs', () => {
  it('VerifyInclusion_TransparencyDevProbes_AcceptsExactlyTheHappyPaths', () => {
    const wrong = inclusionProbes.filter(
      (p) => verifyInclusion(b64(p.leafHash), p.leafIdx, p.treeSize, (p.proof ?? []).map(b64), b64(p.root)) === p.wantErr,
    );
    expect(wrong.map((p) => p.file)).toEqual([]);
    expect(inclusionProbes.filter((p) => !p.wantErr)).toHaveLength(6);
  });

  it('VerifyConsistency_TransparencyDevProbes_AcceptsExactlyTheHappyPaths', () => {
    const wrong = consistencyProbes.filter(
      (p) => verifyConsistency(p.size1, p.size2, b64(p.root1), b64(p.root2), (p.proof ?? []).map(b64)) === p.wantErr,
    );
    expect(wrong.map((p) => p.file)).toEqual([]);
  });

  it('InclusionProof_ReferenceTree_MatchesTransparencyDevReferenceProofs', async () => {
    for (const { index, size, proof } of tree.inclusionProofs) {
      expect(hexes(await inclusionProof(index, size, reference.read))).toEqual(proof);
    }
  });

  it('ConsistencyProof_ReferenceTree_MatchesTransparencyDevReferenceProofs', async () => {
    for (const { size1, size2, proof } of tree.consistencyProofs) {
      expect(hexes(await consistencyProof(size1, size2, reference.read))).toEqual(proof);
    }
  });

  it('Proofs_HappyPathProbesOfTheReferenceTree_AreWhatWeGenerate', async () => {
    const ofReferenceTree = (size: number, root: string): boolean => b64(root).toString('hex') === tree.rootHashes[size];
    const inclusion = inclusionProbes.filter((p) => !p.wantErr && p.treeSize <= 8 && ofReferenceTree(p.treeSize, p.root));
    const consistency = consistencyProbes.filter((p) => !p.wantErr && p.size2 <= 8 && ofReferenceTree(p.size2, p.root2));
    expect(inclusion.length + consistency.length).toBeGreaterThanOrEqual(8);
    for (const p of inclusion) expect(hexes(await inclusionProof(p.leafIdx, p.treeSize, reference.read))).toEqual(hexes((p.proof ?? []).map(b64)));
    for (const p of consistency) expect(hexes(await consistencyProof(p.size1, p.size2, reference.read))).toEqual(hexes((p.proof ?? []).map(b64)));
  });

  it('InclusionProof_EverySubtreeOf130Leaves_ReproducesTheMerkleTreeCertsDraftVector', async () => {
    // A subtree inclusion proof over [start, end) is the inclusion proof in the tree of those leaves.
    const { leafCount, subtreeInclusionProofs } = tree.subtreeVectors;
    const data = Array.from({ length: leafCount }, (_, i) => leafHash(Buffer.from([i])));
    const rolling = createHash('sha256');
    for (let end = 0; end <= leafCount; end++) {
      for (let start = 0; start <= end; start++) {
        if (!isValidSubtree(start, end)) continue;
        const sub = new MemoryTree(data.slice(start, end));
        for (let index = start; index < end; index++) {
          const proof = await inclusionProof(index - start, end - start, sub.read);
          rolling.update(`${index} [${start}, ${end})${proof.map((h) => ` ${h.toString('hex')}`).join('')}\n`);
        }
      }
    }
    expect(rolling.digest('hex')).toBe(subtreeInclusionProofs);
  });

  it('Proofs_EveryPairOfSizesUpTo40_MatchTheDefinitionVerifyAndReadFewNodesOnce', async () => {
    const leaves = eventLeaves(40);
    const store = new MemoryTree(leaves); // older sizes are served from the newest store
    for (let n = 1; n <= leaves.length; n++) {
      const root = mth(leaves.slice(0, n));
      const bound = 2 * Math.ceil(Math.log2(n)) + 1;
      for (let m = 0; m < n; m++) {
        store.reads.length = 0;
        const proof = await inclusionProof(m, n, store.read);
        expect(hexes(proof)).toEqual(hexes(path(m, leaves.slice(0, n))));
        expect(verifyInclusion(leaves[m]!, m, n, proof, root)).toBe(true);
        expect(store.reads.length).toBeLessThanOrEqual(1);
        expect(store.reads.flat().length).toBeLessThanOrEqual(bound);
      }
      for (let m = 1; m <= n; m++) {
        store.reads.length = 0;
        const proof = await consistencyProof(m, n, store.read);
        expect(hexes(proof)).toEqual(hexes(subproof(m, leaves.slice(0, n), true)));
        expect(verifyConsistency(m, n, mth(leaves.slice(0, m)), root, proof)).toBe(true);
        expect(store.reads.length).toBeLessThanOrEqual(1);
        expect(store.reads.flat().length).toBeLessThanOrEqual(bound);
      }
    }
  });

  it('Verify_AnyBitFlippedOrIndexShiftedOrOtherTree_Fails', async () => {
    const leaves = eventLeaves(46);
    const store = new MemoryTree(leaves); // one leaf more than the trees proved, to name a larger tree
    const root = store.range.root();
    const rootAt = (n: number): Buffer => mth(leaves.slice(0, n));
    for (const [m, n] of [[0, 45], [17, 45], [44, 45], [31, 32]] as const) {
      const proof = await inclusionProof(m, n, store.read);
      const rootN = rootAt(n);
      proof.forEach((_, i) => {
        const tampered = proof.map((hash, j) => (j === i ? flip(hash) : hash));
        expect(verifyInclusion(leaves[m]!, m, n, tampered, rootN)).toBe(false);
      });
      expect(verifyInclusion(leaves[m]!, m + 1, n, proof, rootN)).toBe(false);
      expect(verifyInclusion(leaves[m]!, m, n + 1, proof, rootAt(n + 1))).toBe(false);
      expect(verifyInclusion(flip(leaves[m]!), m, n, proof, rootN)).toBe(false);
      expect(verifyInclusion(leaves[m]!, m, n, proof.slice(0, -1), rootN)).toBe(false);
      expect(verifyInclusion(leaves[m]!, m, n, [...proof, root], rootN)).toBe(false);
    }
    for (const [m, n] of [[1, 45], [7, 45], [32, 45], [44, 45]] as const) {
      const proof = await consistencyProof(m, n, store.read);
      proof.forEach((_, i) => {
        const tampered = proof.map((hash, j) => (j === i ? flip(hash) : hash));
        expect(verifyConsistency(m, n, rootAt(m), rootAt(n), tampered)).toBe(false);
      });
      expect(verifyConsistency(m, n, flip(rootAt(m)), rootAt(n), proof)).toBe(false);
      expect(verifyConsistency(m, n, rootAt(m), flip(rootAt(n)), proof)).toBe(false);
      expect(verifyConsistency(m + 1, n, rootAt(m + 1), rootAt(n), proof)).toBe(false);
      expect(verifyConsistency(m, n, rootAt(m), rootAt(n), proof.slice(1))).toBe(false);
    }
  });

  it('Proofs_ATreeOf20000Leaves_ReadOnlyALogarithmicNumberOfStoredNodes', async () => {
    const leaves = eventLeaves(20_000);
    const store = new MemoryTree(leaves);
    const root = store.range.root();
    for (const m of [0, 16_383, 16_384, 19_999]) {
      store.reads.length = 0;
      const proof = await inclusionProof(m, leaves.length, store.read);
      expect(verifyInclusion(leaves[m]!, m, leaves.length, proof, root)).toBe(true);
      expect(store.reads.flat().length).toBeLessThanOrEqual(2 * 15);
    }
    const old = new MemoryTree(leaves.slice(0, 13_131)).range.root();
    store.reads.length = 0;
    expect(verifyConsistency(13_131, 20_000, old, root, await consistencyProof(13_131, 20_000, store.read))).toBe(true);
    expect(store.reads.flat().length).toBeLessThanOrEqual(2 * 15);
  });

  it('Proofs_OutsideTheTree_AreRefusedNamingTheArgument', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => inclusionProof(8, 8, reference.read), 'leafIndex'],
      [() => inclusionProof(-1, 8, reference.read), 'leafIndex'],
      [() => inclusionProof(0, 0, reference.read), 'treeSize'],
      [() => inclusionProof(0.5, 8, reference.read), 'leafIndex'],
      [() => consistencyProof(0, 8, reference.read), 'from'],
      [() => consistencyProof(9, 8, reference.read), 'from'],
      [() => consistencyProof(1, 2 ** 53, reference.read), 'to'],
    ];
    for (const [call, field] of cases) {
      await expect(call()).rejects.toThrow(ProofRangeError);
      await expect(call()).rejects.toMatchObject({ field, code: 'TRANSPARENCY.PROOF_OUT_OF_RANGE' });
    }
  });

  it('Proofs_AStoreThatAnswersWrongly_AreRefusedRatherThanWrong', async () => {
    await expect(inclusionProof(3, 8, () => [])).rejects.toThrow(/returned 0 hashes for 3 nodes/);
    await expect(inclusionProof(3, 8, (ids) => ids.map(() => Buffer.alloc(16)))).rejects.toThrow(/32-byte hash/);
  });
});

function flip(hash: Buffer): Buffer {
  const copy = Buffer.from(hash);
  copy[7]! ^= 0x10;
  return copy;
}
