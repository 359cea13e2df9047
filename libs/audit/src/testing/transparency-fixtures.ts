import { readFileSync } from 'node:fs';
import { CompactRange, type NodeId, type NodeReader } from '../domain/transparency/index.js';

/** A vector file of `domain/transparency/testdata/` (see its README for sources). */
export function vectors<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../domain/transparency/testdata/${file}`, import.meta.url), 'utf8')) as T;
}

export const hex = (text: string): Buffer => Buffer.from(text, 'hex');

/**
 * The node store a sealer would keep, in memory: every complete subtree the compact range
 * reported, and a reader that remembers what each proof asked for.
 */
export class MemoryTree {
  readonly range = new CompactRange();
  readonly nodes = new Map<string, Buffer>();
  readonly reads: NodeId[][] = [];

  constructor(leafHashes: Iterable<Uint8Array> = []) {
    for (const hash of leafHashes) this.append(hash);
  }

  append(leafHash: Uint8Array): void {
    this.range.append(leafHash, (level, index, hash) => this.nodes.set(`${level}/${index}`, hash));
  }

  readonly read: NodeReader = (ids) => {
    this.reads.push([...ids]);
    return ids.map(({ level, index }) => {
      const hash = this.nodes.get(`${level}/${index}`);
      if (!hash) throw new Error(`node ${level}/${index} was never stored`);
      return hash;
    });
  };
}

/** transparency-dev's isSubtreeValid: start is 0, or a multiple of the power of two at or above the length. */
export function isValidSubtree(start: number, end: number): boolean {
  if (start === 0 || start === end) return true;
  let ceil = 1;
  while (ceil < end - start) ceil *= 2;
  return start % ceil === 0;
}

/** What `action` throws; fails the test when it throws nothing. */
export function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
