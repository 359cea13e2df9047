import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tasks with their reports and extension requests; indexes fit the list filters of GET /tasks. */
export class Tasks1764000000200 implements MigrationInterface {
  name = 'Tasks1764000000200';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE tasks (
        id                        uuid PRIMARY KEY,
        title                     text NOT NULL,
        description               text,
        source_type               text,
        source_id                 uuid,
        author_id                 uuid NOT NULL REFERENCES users (id),
        controller_id             uuid NOT NULL REFERENCES users (id),
        executor_id               uuid NOT NULL REFERENCES users (id),
        executor_organization_id  uuid NOT NULL REFERENCES organizations (id),
        co_executor_ids           uuid[] NOT NULL DEFAULT '{}',
        due_at                    timestamptz NOT NULL,
        original_due_at           timestamptz NOT NULL,
        priority                  text NOT NULL,
        group_id                  uuid,
        status                    text NOT NULL,
        extension_count           integer NOT NULL DEFAULT 0,
        accepted_at               timestamptz,
        done_on_time              boolean,
        created_at                timestamptz NOT NULL,
        updated_at                timestamptz NOT NULL DEFAULT now(),
        version                   integer NOT NULL,
        CONSTRAINT tasks_source CHECK ((source_type IS NULL) = (source_id IS NULL))
      )`);
    // Lists are ordered by (due_at, id); each filter leads its own index.
    await db.query(`CREATE INDEX tasks_due ON tasks (due_at, id)`);
    await db.query(`CREATE INDEX tasks_executor ON tasks (executor_id, due_at, id)`);
    await db.query(`CREATE INDEX tasks_controller ON tasks (controller_id, due_at, id)`);
    await db.query(`CREATE INDEX tasks_executor_organization ON tasks (executor_organization_id, due_at, id)`);
    await db.query(`CREATE INDEX tasks_status ON tasks (status, due_at, id)`);
    await db.query(`CREATE INDEX tasks_group ON tasks (group_id, due_at, id) WHERE group_id IS NOT NULL`);
    await db.query(`CREATE INDEX tasks_co_executors ON tasks USING gin (co_executor_ids)`);
    await db.query(`CREATE INDEX tasks_open_due ON tasks (due_at, id) WHERE status IN ('assigned', 'in_progress', 'report_submitted')`);
    await db.query(`
      CREATE TABLE task_reports (
        id               uuid PRIMARY KEY,
        task_id          uuid NOT NULL REFERENCES tasks (id),
        text             text NOT NULL,
        submitted_by     uuid NOT NULL REFERENCES users (id),
        submitted_at     timestamptz NOT NULL,
        decision         text,
        decision_reason  text,
        decided_by       uuid REFERENCES users (id),
        decided_at       timestamptz
      )`);
    await db.query(`CREATE INDEX task_reports_task ON task_reports (task_id, submitted_at)`);
    await db.query(`
      CREATE TABLE task_extension_requests (
        id               uuid PRIMARY KEY,
        task_id          uuid NOT NULL REFERENCES tasks (id),
        proposed_due_at  timestamptz NOT NULL,
        previous_due_at  timestamptz NOT NULL,
        reason           text NOT NULL,
        status           text NOT NULL,
        requested_by     uuid NOT NULL REFERENCES users (id),
        requested_at     timestamptz NOT NULL,
        decided_by       uuid REFERENCES users (id),
        decided_at       timestamptz,
        decision_reason  text
      )`);
    await db.query(`CREATE INDEX task_extension_requests_task ON task_extension_requests (task_id, requested_at)`);
    // At most one request awaits a decision per task, even under concurrent requests.
    await db.query(`CREATE UNIQUE INDEX task_extension_requests_pending ON task_extension_requests (task_id) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE task_extension_requests, task_reports, tasks');
  }
}
