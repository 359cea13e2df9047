import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { hex, isValidSubtree, MemoryTree, vectors } from '../../testing/transparency-fixtures.js';
import { CompactRange, emptyRoot, frontierNodeIds, leafHash, nodeHash, rootFromLeaves } from './merkle.js';

interface TreeVectors {
  hasher: { emptyRoot: string; emptyLeaf: string; leaf: { data: string; hash: string }; node: { left: string; right: string; hash: string } };
  leafInputs: string[];
  nodeHashes: string[][];
  rootHashes: string[];
  subtreeVectors: { leafCount: number; subtreeHashes: string };
}

const tree = vectors<TreeVectors>('rfc6962-tree.json');
const leaves = tree.leafInputs.map((input) => leafHash(hex(input)));

/** RFC 9162 §2.1.1 MTH written straight from its definition, to compare with on larger trees. */
function referenceRoot(hashes: readonly Buffer[]): Buffer {
  if (hashes.length === 0) return emptyRoot();
  if (hashes.length === 1) return hashes[0]!;
  let k = 1;
  while (k * 2 < hashes.length) k *= 2;
  return nodeHash(referenceRoot(hashes.slice(0, k)), referenceRoot(hashes.slice(k)));
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

describe('RFC 9162 Merkle tree hashing', () => {
  it('Hash_TransparencyDevHasherVectors_MatchEmptyLeafAndNode', () => {
    expect(emptyRoot().toString('hex')).toBe(tree.hasher.emptyRoot);
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe(tree.hasher.emptyLeaf);
    expect(leafHash(Buffer.from(tree.hasher.leaf.data)).toString('hex')).toBe(tree.hasher.leaf.hash);
    expect(nodeHash(Buffer.from(tree.hasher.node.left), Buffer.from(tree.hasher.node.right)).toString('hex')).toBe(tree.hasher.node.hash);
  });

  it('Append_EightReferenceLeavesOneByOne_GivesTheRootOfEverySize', () => {
    const range = new CompactRange();
    const roots = [range.root().toString('hex')];
    for (const leaf of leaves) {
      range.append(leaf);
      roots.push(range.root().toString('hex'));
    }
    expect(roots).toEqual(tree.rootHashes);
  });

  it('Append_EightReferenceLeaves_ReportsEveryCompleteSubtreeWithItsLevelAndIndex', () => {
    const stored = new MemoryTree(leaves).nodes;
    const expected = tree.nodeHashes.flatMap((level, l) => level.map((hash, i) => [`${l}/${i}`, hash]));
    expect([...stored].map(([id, hash]) => [id, hash.toString('hex')]).sort()).toEqual(expected.sort());
  });

  it('Resume_FromTheStoredFrontierOfEverySize_ContinuesToTheSameRoots', () => {
    const stored = new MemoryTree(leaves).nodes;
    for (let size = 0; size <= leaves.length; size++) {
      const frontier = frontierNodeIds(size).map(({ level, index }) => stored.get(`${level}/${index}`)!);
      const resumed = CompactRange.of(size, frontier);
      expect(resumed.root().toString('hex')).toBe(tree.rootHashes[size]);
      for (const leaf of leaves.slice(size)) resumed.append(leaf);
      expect(resumed.root().toString('hex')).toBe(tree.rootHashes[8]);
    }
  });

  it('Resume_WithTheWrongNumberOfFrontierHashes_IsRefused', () => {
    expect(() => CompactRange.of(7, [leaves[0]!, leaves[1]!])).toThrow(RangeError);
    expect(() => CompactRange.of(2, [Buffer.alloc(31)])).toThrow(RangeError);
  });

  it('Append_AHashThatIsNot32Bytes_IsRefused', () => {
    expect(() => new CompactRange().append(Buffer.alloc(33))).toThrow(RangeError);
  });

  it('FrontierNodeIds_SizeThirteen_NamesTheSubtreesOfEightFourAndOne', () => {
    expect(frontierNodeIds(13)).toEqual([
      { level: 3, index: 0 },
      { level: 2, index: 2 },
      { level: 0, index: 12 },
    ]);
    expect(frontierNodeIds(0)).toEqual([]);
  });

  it('FrontierNodeIds_SizeBeyond2To32_KeepsExactIndexes', () => {
    // Bitwise operators would wrap here: 2^40 + 2^33 + 5 leaves.
    const size = 2 ** 40 + 2 ** 33 + 5;
    expect(frontierNodeIds(size)).toEqual([
      { level: 40, index: 0 },
      { level: 33, index: 2 ** 7 },
      { level: 2, index: (2 ** 40 + 2 ** 33) / 4 },
      { level: 0, index: 2 ** 40 + 2 ** 33 + 4 },
    ]);
  });

  it('RootFromLeaves_AStreamOfOneThousandLeaves_MatchesTheDefinitionAtEverySize', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => leafHash(sha256(`event ${i}`)));
    async function* stream(): AsyncGenerator<Buffer> {
      yield* many;
    }
    expect((await rootFromLeaves(stream())).equals(referenceRoot(many))).toBe(true);
    const range = new CompactRange();
    many.forEach((leaf, i) => {
      range.append(leaf);
      if (i % 37 === 0 || i > 990) expect(range.root().equals(referenceRoot(many.slice(0, i + 1)))).toBe(true);
    });
    expect((await rootFromLeaves([])).equals(emptyRoot())).toBe(true);
  });

  it('Root_EverySubtreeOf130Leaves_ReproducesTheMerkleTreeCertsDraftVector', async () => {
    // draft-ietf-plants-merkle-tree-certs folds "[start, end) <hash>\n" of every valid subtree
    // of the leaves d[i] = [i] into one SHA-256, as transparency-dev/merkle checks it.
    const { leafCount, subtreeHashes } = tree.subtreeVectors;
    const data = Array.from({ length: leafCount }, (_, i) => leafHash(Buffer.from([i])));
    const rolling = createHash('sha256');
    for (let end = 0; end <= leafCount; end++) {
      for (let start = 0; start <= end; start++) {
        if (!isValidSubtree(start, end)) continue;
        rolling.update(`[${start}, ${end}) ${(await rootFromLeaves(data.slice(start, end))).toString('hex')}\n`);
      }
    }
    expect(rolling.digest('hex')).toBe(subtreeHashes);
  });
});
