import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A user's token generation: every access token carries the one it was issued in; a password change moves it on. */
export class TokenGeneration1764000001410 implements MigrationInterface {
  name = 'TokenGeneration1764000001410';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN token_generation integer NOT NULL DEFAULT 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN token_generation`);
  }
}
