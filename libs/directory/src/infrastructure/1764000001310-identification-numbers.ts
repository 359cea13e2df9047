import type { MigrationInterface, QueryRunner } from 'typeorm';

/** BIN of organizations and IIN of users: what an ЭЦП certificate is matched against when a party signs. */
export class IdentificationNumbers1764000001310 implements MigrationInterface {
  name = 'IdentificationNumbers1764000001310';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE organizations ADD COLUMN bin char(12) CHECK (bin ~ '^[0-9]{12}$')`);
    await db.query(`ALTER TABLE users ADD COLUMN iin char(12) CHECK (iin ~ '^[0-9]{12}$')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN iin`);
    await db.query(`ALTER TABLE organizations DROP COLUMN bin`);
  }
}
