/** Clause-by-clause comparison of two versions' texts, with the words that changed. */
export type ClauseChange = 'unchanged' | 'changed' | 'added' | 'removed';

export interface WordChange {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export interface ClauseDiff {
  change: ClauseChange;
  /** Clause number in the older version (null for an added clause). */
  before: number | null;
  /** Clause number in the newer version (null for a removed clause). */
  after: number | null;
  beforeText: string | null;
  afterText: string | null;
  words?: WordChange[];
}

/** Two clauses in the same place are "changed" rather than "removed + added" when this share of words survives. */
const SIMILAR = 0.4;
/** Past this many word pairs the LCS table is too big to be worth it: the clause is shown as replaced. */
const MAX_CELLS = 4_000_000;

export function diffClauses(before: readonly string[], after: readonly string[]): ClauseDiff[] {
  const norm = (texts: readonly string[]): string[] => texts.map((t) => t.normalize('NFC'));
  const pairs = lcs(norm(before), norm(after), (a, b) => a === b);
  const result: ClauseDiff[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [before.length, after.length] as [number, number]]) {
    // Between two matched clauses: pair what was removed with what was added where they resemble each other.
    const removed = range(i, pi);
    const added = range(j, pj);
    while (removed.length || added.length) {
      const r = removed[0];
      const a = added[0];
      if (r !== undefined && a !== undefined) {
        const words = diffWords(before[r], after[a]);
        if (similarity(words) >= SIMILAR) {
          result.push({ change: 'changed', before: r + 1, after: a + 1, beforeText: before[r], afterText: after[a], words });
          removed.shift();
          added.shift();
          continue;
        }
      }
      if (r !== undefined && (a === undefined || removed.length >= added.length)) {
        result.push({ change: 'removed', before: r + 1, after: null, beforeText: before[r], afterText: null });
        removed.shift();
      } else if (a !== undefined) {
        result.push({ change: 'added', before: null, after: a + 1, beforeText: null, afterText: after[a] });
        added.shift();
      }
    }
    if (pi < before.length) result.push({ change: 'unchanged', before: pi + 1, after: pj + 1, beforeText: before[pi], afterText: after[pj] });
    i = pi + 1;
    j = pj + 1;
  }
  return result;
}

/** Word-level diff (whitespace kept as its own tokens so the texts can be rebuilt exactly). */
export function diffWords(before: string, after: string): WordChange[] {
  const a = tokens(before);
  const b = tokens(after);
  if (a.length * b.length > MAX_CELLS) {
    return [
      { op: 'delete', text: before },
      { op: 'insert', text: after },
    ];
  }
  const pairs = lcs(a, b, (x, y) => x === y);
  const out: WordChange[] = [];
  const push = (op: WordChange['op'], text: string): void => {
    const last = out.at(-1);
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as [number, number]]) {
    while (i < pi) push('delete', a[i++]);
    while (j < pj) push('insert', b[j++]);
    if (pi < a.length) push('equal', a[pi]);
    i = pi + 1;
    j = pj + 1;
  }
  return out;
}

/** Share of the longer text's words that the other one kept. */
function similarity(words: WordChange[]): number {
  const count = (op: WordChange['op']): number =>
    words.filter((w) => w.op === op).reduce((n, w) => n + (w.text.trim() ? w.text.trim().split(/\s+/).length : 0), 0);
  const equal = count('equal');
  const longer = Math.max(equal + count('delete'), equal + count('insert'));
  return longer === 0 ? 1 : equal / longer;
}

const tokens = (text: string): string[] => text.normalize('NFC').match(/\s+|[^\s]+/g) ?? [];

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);

/** Index pairs of a longest common subsequence, in order. */
function lcs<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): [number, number][] {
  const n = a.length;
  const m = b.length;
  const table = new Uint32Array((n + 1) * (m + 1));
  const at = (i: number, j: number): number => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = same(a[i], b[j]) ? table[at(i + 1, j + 1)] + 1 : Math.max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (same(a[i], b[j])) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[at(i + 1, j)] >= table[at(i, j + 1)]) i++;
    else j++;
  }
  return pairs;
}
