import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the tasks context publishes to other contexts' SQL (issue 12, point 2): the control view's
 * read side joins this, never the tasks table. A plain view: the planner inlines it, so the
 * control queries still use tasks_open_due and control_tasks_due (index-only for the summary).
 */
export class TasksPublishedViews1765000001210 implements MigrationInterface {
  name = 'TasksPublishedViews1765000001210';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE VIEW tasks_published AS
        SELECT id, title, executor_id, executor_organization_id, controller_id, due_at, status, done_on_time, extension_count, priority FROM tasks`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP VIEW tasks_published');
  }
}
