import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A reminder copied for the official acting for its recipient (И.о.) names whom it was for. */
export class RemindersActingFor1764000001422 implements MigrationInterface {
  name = 'RemindersActingFor1764000001422';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reminders ADD COLUMN acting_for uuid`);
    await db.query(`CREATE INDEX reminders_acting_for ON reminders (acting_for, recipient_id) WHERE state = 'pending' AND acting_for IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE reminders DROP COLUMN acting_for`);
  }
}
