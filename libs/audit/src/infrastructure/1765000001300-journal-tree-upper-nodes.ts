import type { MigrationInterface, QueryRunner } from 'typeorm';

/** LOWEST_STORED_LEVEL of `tree-store.ts` when this migration was written; a migration never changes. */
const LOWEST = 8;

/**
 * The sealer's writes, cut to what proofs need (docs/journal.md, "What is stored"; issue 11,
 * sealer ≥ 20,000 events/s):
 *
 * - `journal_tree_nodes` keeps complete subtrees of 2^8 leaves and up; the ones below (two rows a
 *   sealed event) are computed from the leaves when a proof needs them. Their stored hashes equal
 *   the computed ones, so dropping them changes no root, proof or checkpoint: the stored tree stays
 *   valid. A CHECK keeps the table to those levels.
 * - `journal_leaves.position` loses its foreign key to `journal_events`: the sealer inserts only
 *   positions it read in the same transaction, neither table may be deleted from, and the verifier
 *   already reports a leaf whose event is missing (`LEAF_MISSING`). The check (a locking probe of
 *   the events' key per leaf) cost two thirds of the leaves' INSERT. The UNIQUE stays.
 *
 * Runs as the owner; the platform's role keeps INSERT and SELECT only (granted at every start).
 */
export class JournalTreeUpperNodes1765000001300 implements MigrationInterface {
  name = 'JournalTreeUpperNodes1765000001300';

  async up(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE journal_leaves DROP CONSTRAINT journal_leaves_position_fkey');
    await db.query('ALTER TABLE journal_tree_nodes DISABLE TRIGGER journal_tree_nodes_append_only');
    await db.query(`DELETE FROM journal_tree_nodes WHERE level < ${LOWEST}`);
    await db.query('ALTER TABLE journal_tree_nodes ENABLE TRIGGER journal_tree_nodes_append_only');
    await db.query(`ALTER TABLE journal_tree_nodes ADD CONSTRAINT journal_tree_nodes_stored_level CHECK (level >= ${LOWEST})`);
  }

  /** Puts the lower levels back, computed in SQL with RFC 9162 hashing from the leaves' events. */
  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE journal_tree_nodes DROP CONSTRAINT journal_tree_nodes_stored_level');
    await db.query(`
      INSERT INTO journal_tree_nodes (level, index, hash)
      SELECT 0, l.leaf_index, sha256('\\x00'::bytea || decode(e.hash, 'hex'))
        FROM journal_leaves l JOIN journal_events e ON e.position = l.position`);
    for (let level = 1; level < LOWEST; level++) {
      await db.query(
        `INSERT INTO journal_tree_nodes (level, index, hash)
         SELECT $1::smallint, l.index / 2, sha256('\\x01'::bytea || l.hash || r.hash)
           FROM journal_tree_nodes l JOIN journal_tree_nodes r ON r.level = l.level AND r.index = l.index + 1
          WHERE l.level = $1::smallint - 1 AND l.index % 2 = 0`,
        [level],
      );
    }
    await db.query('ALTER TABLE journal_leaves ADD CONSTRAINT journal_leaves_position_fkey FOREIGN KEY (position) REFERENCES journal_events (position)');
  }
}
