import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key store's table, used when the queues run on PostgreSQL (REDIS_URL unset): counters with a
 * window (expires_at) and marks that never expire (expires_at NULL).
 */
export class KeyStore1764000001000 implements MigrationInterface {
  name = 'KeyStore1764000001000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE kelisim_keys (key text PRIMARY KEY, value text NOT NULL, expires_at timestamptz)`);
    await db.query(`CREATE INDEX kelisim_keys_expires_at ON kelisim_keys (expires_at) WHERE expires_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE kelisim_keys');
  }
}
