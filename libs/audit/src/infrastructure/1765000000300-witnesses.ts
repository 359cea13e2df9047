import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The journal's witnesses (docs/journal.md, "Witnesses"): webhooks that receive every signed
 * checkpoint, the outbox of those deliveries, and the insert-only record of what each acknowledged.
 */
export class Witnesses1765000000300 implements MigrationInterface {
  name = 'Witnesses1765000000300';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE witnesses (
        id          uuid PRIMARY KEY,
        version     integer NOT NULL,
        name        text NOT NULL,
        kind        text NOT NULL CHECK (kind IN ('webhook', 'email')),
        url         text,
        user_id     uuid,
        secret      text,
        active      boolean NOT NULL DEFAULT true,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CHECK (kind <> 'webhook' OR (url IS NOT NULL AND secret IS NOT NULL)),
        CHECK (kind <> 'email' OR user_id IS NOT NULL)
      )`);
    // One row per (witness, checkpoint): the outbox of the witness queue, whatever happens to it.
    await db.query(`
      CREATE TABLE witness_deliveries (
        id            uuid PRIMARY KEY,
        witness_id    uuid NOT NULL REFERENCES witnesses (id),
        tree_size     bigint NOT NULL REFERENCES journal_checkpoints (tree_size),
        state         text NOT NULL DEFAULT 'pending',
        attempts      integer NOT NULL DEFAULT 0,
        last_error    text,
        enqueued      boolean NOT NULL DEFAULT false,
        created_at    timestamptz NOT NULL DEFAULT now(),
        delivered_at  timestamptz,
        CONSTRAINT witness_deliveries_once UNIQUE (witness_id, tree_size)
      )`);
    await db.query(`CREATE INDEX witness_deliveries_to_enqueue ON witness_deliveries (created_at) WHERE state = 'pending' AND NOT enqueued`);
    await db.query(`
      CREATE TABLE witness_acks (
        witness_id       uuid NOT NULL REFERENCES witnesses (id),
        tree_size        bigint NOT NULL REFERENCES journal_checkpoints (tree_size),
        acknowledged_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (witness_id, tree_size)
      )`);
    await db.query(`
      CREATE TRIGGER witness_acks_append_only BEFORE UPDATE OR DELETE ON witness_acks
      FOR EACH ROW EXECUTE FUNCTION journal_append_only()`);
    await db.query(`CREATE TRIGGER witness_acks_no_truncate BEFORE TRUNCATE ON witness_acks EXECUTE FUNCTION journal_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE witness_acks, witness_deliveries, witnesses');
  }
}
