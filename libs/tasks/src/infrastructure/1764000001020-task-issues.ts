import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issues too large for one command: accepted with their plan, their tasks issued in batches (issue 10). */
export class TaskIssues1764000001020 implements MigrationInterface {
  name = 'TaskIssues1764000001020';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE task_issues (
        id            uuid PRIMARY KEY,
        author_id     uuid NOT NULL,
        status        text NOT NULL,
        plan          jsonb NOT NULL,
        instances     integer NOT NULL,
        issued        integer NOT NULL,
        cursor        integer NOT NULL,
        per_batch     integer NOT NULL,
        accepted_at   timestamptz NOT NULL,
        completed_at  timestamptz,
        version       integer NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE task_issues');
  }
}
