import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EmailDigest1764000000900 implements MigrationInterface {
  name = 'EmailDigest1764000000900';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN email_digest boolean NOT NULL DEFAULT false`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN email_digest`);
  }
}
