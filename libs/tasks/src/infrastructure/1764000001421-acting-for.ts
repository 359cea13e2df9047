import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A report or an extension request made by the official acting for the executor (И.о.) names whom it was for. */
export class TaskActingFor1764000001421 implements MigrationInterface {
  name = 'TaskActingFor1764000001421';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE task_reports ADD COLUMN acting_for uuid REFERENCES users (id)`);
    await db.query(`ALTER TABLE task_extension_requests ADD COLUMN acting_for uuid REFERENCES users (id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE task_extension_requests DROP COLUMN acting_for`);
    await db.query(`ALTER TABLE task_reports DROP COLUMN acting_for`);
  }
}
