import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Instances issued by one recurrence rule share a recurrence id (GET /tasks?recurrenceId=). */
export class TaskRecurrence1764000000820 implements MigrationInterface {
  name = 'TaskRecurrence1764000000820';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tasks ADD COLUMN recurrence_id uuid`);
    await db.query(`CREATE INDEX tasks_recurrence ON tasks (recurrence_id, due_at, id) WHERE recurrence_id IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tasks DROP COLUMN recurrence_id`);
  }
}
