import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Merkle tree over the journal (docs/journal.md): leaves in the order the sealer assigns, the
 * complete subtrees it has stored, and the signed checkpoints. All insert-only: a trigger refuses
 * UPDATE and DELETE, and the platform's role is granted INSERT and SELECT only.
 */
export class JournalTree1765000000100 implements MigrationInterface {
  name = 'JournalTree1765000000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE journal_leaves (
        leaf_index  bigint PRIMARY KEY CHECK (leaf_index >= 0),
        position    bigint NOT NULL UNIQUE REFERENCES journal_events (position),
        sealed_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE journal_tree_nodes (
        level  smallint NOT NULL CHECK (level >= 0),
        index  bigint NOT NULL CHECK (index >= 0),
        hash   bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, index)
      )`);
    await db.query(`
      CREATE TABLE journal_checkpoints (
        tree_size  bigint PRIMARY KEY CHECK (tree_size > 0),
        root_hash  bytea NOT NULL CHECK (length(root_hash) = 32),
        note       text NOT NULL,
        horizon    xid8 NOT NULL,
        sealed_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE FUNCTION journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$`);
    for (const table of ['journal_leaves', 'journal_tree_nodes', 'journal_checkpoints']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION journal_append_only()`);
      await db.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} EXECUTE FUNCTION journal_append_only()`);
    }
    await db.query(`CREATE TRIGGER journal_events_no_truncate BEFORE TRUNCATE ON journal_events EXECUTE FUNCTION journal_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER journal_events_no_truncate ON journal_events');
    await db.query('DROP TABLE journal_checkpoints, journal_tree_nodes, journal_leaves');
    await db.query('DROP FUNCTION journal_append_only');
  }
}
