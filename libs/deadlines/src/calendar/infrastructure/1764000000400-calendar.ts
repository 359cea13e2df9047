import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CalendarYear } from '../domain/calendar-year.js';
import { researchedYears, seedYears } from './calendar-seed.js';

/** The working-day calendar, seeded from the researched 2025–2027 file (revision 1 of each year). */
export class Calendar1764000000400 implements MigrationInterface {
  name = 'Calendar1764000000400';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_years (
        year                int PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        id                  uuid NOT NULL UNIQUE,
        holidays            jsonb NOT NULL,
        extra_days_off      jsonb NOT NULL,
        extra_working_days  jsonb NOT NULL,
        estimated           jsonb NOT NULL,
        version             integer NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now()
      )`);
    for (const seed of seedYears(await researchedYears())) {
      await db.query(
        `INSERT INTO calendar_years (year, id, holidays, extra_days_off, extra_working_days, estimated, version)
         VALUES ($1, $2, $3, $4, $5, $6, 1) ON CONFLICT (year) DO NOTHING`,
        [
          seed.year,
          CalendarYear.streamIdOf(seed.year),
          JSON.stringify(seed.holidays),
          JSON.stringify(seed.extraDaysOff),
          JSON.stringify(seed.extraWorkingDays),
          JSON.stringify(seed.estimated),
        ],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE calendar_years');
  }
}
