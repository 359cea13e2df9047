import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes of the control view. The summary of a period reads every task due in it: this covering
 * index lets it do so with an index-only scan instead of visiting the heap once per task. The
 * overdue list walks the tasks context's partial index tasks_open_due (open tasks by deadline).
 */
export class Control1764000000800 implements MigrationInterface {
  name = 'Control1764000000800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX control_tasks_due ON tasks (due_at) INCLUDE (executor_organization_id, status, done_on_time, extension_count)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX control_tasks_due`);
  }
}
