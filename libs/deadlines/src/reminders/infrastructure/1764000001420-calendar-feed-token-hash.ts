import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A feed's token kept as its SHA-256 only: the URL is shown once, when made; a database copy or a
 * logged statement no longer opens anyone's calendar. URLs issued before keep working.
 */
export class CalendarFeedTokenHash1764000001420 implements MigrationInterface {
  name = 'CalendarFeedTokenHash1764000001420';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE calendar_feeds SET token = encode(sha256(convert_to(token, 'UTF8')), 'hex')`);
    await db.query(`ALTER TABLE calendar_feeds RENAME COLUMN token TO token_hash`);
  }

  async down(): Promise<void> {
    throw new Error('A feed token kept as a hash cannot be restored; rotate the feeds instead.');
  }
}
