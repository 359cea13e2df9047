import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily digests: one per user and local day, delivered through the same ledger as single notifications. */
export class Digests1764000000610 implements MigrationInterface {
  name = 'Digests1764000000610';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE digests (
        id                uuid PRIMARY KEY,
        user_id           uuid NOT NULL,
        day               date NOT NULL,
        notification_ids  uuid[] NOT NULL,
        created_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT digests_once UNIQUE (user_id, day)
      )`);
    await db.query(`ALTER TABLE deliveries ALTER COLUMN notification_id DROP NOT NULL`);
    await db.query(`ALTER TABLE deliveries ADD COLUMN digest_id uuid REFERENCES digests (id)`);
    await db.query(`ALTER TABLE deliveries ADD CONSTRAINT deliveries_one_subject CHECK ((notification_id IS NULL) <> (digest_id IS NULL))`);
    await db.query(`CREATE UNIQUE INDEX deliveries_digest_once ON deliveries (digest_id) WHERE digest_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DELETE FROM deliveries WHERE digest_id IS NOT NULL`);
    await db.query(`ALTER TABLE deliveries DROP CONSTRAINT deliveries_one_subject, DROP COLUMN digest_id`);
    await db.query(`ALTER TABLE deliveries ALTER COLUMN notification_id SET NOT NULL`);
    await db.query('DROP TABLE digests');
  }
}
