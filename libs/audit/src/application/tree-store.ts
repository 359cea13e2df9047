import { CompactRange, leafHash, type NodeId } from '../domain/transparency/merkle.js';

/** Something that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Sql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/**
 * The lowest level of `journal_tree_nodes`: complete subtrees of 2^8 = 256 leaves and up, the
 * height of a C2SP tlog-tiles tile. Those below are computed from the leaves (each leaf's hash from
 * its event's), at most a few hundred leaves a proof; storing them cost two rows a sealed event,
 * most of what the sealer wrote (docs/journal.md, "What is stored"). Rows below it that earlier
 * versions stored were removed by the migration `JournalTreeUpperNodes1765000001300`.
 */
export const LOWEST_STORED_LEVEL = 8;

/**
 * The hashes of the complete subtrees `ids`, in the order asked: those at LOWEST_STORED_LEVEL and
 * up as stored, those below rebuilt from their leaves. Two queries at most.
 */
export async function readNodes(sql: Sql, ids: readonly NodeId[]): Promise<Buffer[]> {
  if (ids.length === 0) return [];
  const stored = ids.filter((id) => id.level >= LOWEST_STORED_LEVEL);
  const computed = ids.filter((id) => id.level < LOWEST_STORED_LEVEL);
  const found = new Map<string, Buffer>();
  if (stored.length > 0) {
    const rows = (await sql.query(
      `SELECT n.level, n.index, n.hash FROM journal_tree_nodes n
         JOIN unnest($1::smallint[], $2::bigint[]) AS want(level, index) ON want.level = n.level AND want.index = n.index`,
      [stored.map((id) => id.level), stored.map((id) => id.index)],
    )) as { level: number; index: string; hash: Buffer }[];
    for (const r of rows) found.set(`${r.level}/${r.index}`, r.hash);
  }
  if (computed.length > 0) {
    const spans = computed.map((id) => [id.index * 2 ** id.level, (id.index + 1) * 2 ** id.level] as const);
    const leaves = (await sql.query(
      `SELECT l.leaf_index, e.hash FROM unnest($1::bigint[], $2::bigint[]) AS span(lo, hi)
         JOIN journal_leaves l ON l.leaf_index >= span.lo AND l.leaf_index < span.hi
         JOIN journal_events e ON e.position = l.position`,
      [spans.map(([lo]) => lo), spans.map(([, hi]) => hi)],
    )) as { leaf_index: string; hash: string }[];
    const byIndex = new Map(leaves.map((r) => [Number(r.leaf_index), r.hash]));
    computed.forEach((id, i) => {
      const [lo, hi] = spans[i]!;
      const range = new CompactRange();
      for (let leaf = lo; leaf < hi; leaf++) {
        const hash = byIndex.get(leaf);
        if (hash === undefined) throw new Error(`The journal's tree has no leaf ${leaf} (under node (${id.level}, ${id.index})).`);
        range.append(leafHash(Buffer.from(hash, 'hex')));
      }
      found.set(`${id.level}/${id.index}`, range.root());
    });
  }
  return ids.map((id) => {
    const hash = found.get(`${id.level}/${id.index}`);
    if (!hash) throw new Error(`The journal's tree has no stored node (${id.level}, ${id.index}).`);
    return hash;
  });
}
