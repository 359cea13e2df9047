import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The covering index the control view's summary reads (an index-only scan over the tasks due in a
 * period). It indexes the tasks table, so it is the tasks context's migration (issue 12, point 2:
 * each table has one owner); it was written as the control context's, and keeps that migration's
 * name so installations that ran it do not run it again.
 */
export class TasksControlIndex1764000000800 implements MigrationInterface {
  name = 'Control1764000000800';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX control_tasks_due ON tasks (due_at) INCLUDE (executor_organization_id, status, done_on_time, extension_count)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX control_tasks_due`);
  }
}
