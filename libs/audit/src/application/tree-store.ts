import type { NodeId } from '../domain/transparency/merkle.js';

/** Something that runs SQL: a DataSource, an EntityManager or a QueryRunner. */
export interface Sql {
  query(text: string, values?: unknown[]): Promise<unknown>;
}

/** The stored nodes `ids` (complete subtrees of the journal's tree), in the order asked. */
export async function readNodes(sql: Sql, ids: readonly NodeId[]): Promise<Buffer[]> {
  if (ids.length === 0) return [];
  const rows = (await sql.query(
    `SELECT n.level, n.index, n.hash FROM journal_tree_nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS want(level, index) ON want.level = n.level AND want.index = n.index`,
    [ids.map((id) => id.level), ids.map((id) => id.index)],
  )) as { level: number; index: string; hash: Buffer }[];
  const found = new Map(rows.map((r) => [`${r.level}/${r.index}`, r.hash]));
  return ids.map((id) => {
    const hash = found.get(`${id.level}/${id.index}`);
    if (!hash) throw new Error(`The journal's tree has no stored node (${id.level}, ${id.index}).`);
    return hash;
  });
}
