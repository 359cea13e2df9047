import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A digest may carry an enclosure (the journal's latest signed checkpoint for its e-mail witnesses): `{ref, heading, text}`. */
export class DigestEnclosure1765000000660 implements MigrationInterface {
  name = 'DigestEnclosure1765000000660';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE digests ADD COLUMN enclosure jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE digests DROP COLUMN enclosure`);
  }
}
