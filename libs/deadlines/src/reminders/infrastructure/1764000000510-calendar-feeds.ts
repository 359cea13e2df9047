import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each user's secret calendar-feed token (a capability URL, as calendar apps expect). */
export class CalendarFeeds1764000000510 implements MigrationInterface {
  name = 'CalendarFeeds1764000000510';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_feeds (
        user_id     uuid PRIMARY KEY,
        token       text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE calendar_feeds');
  }
}
