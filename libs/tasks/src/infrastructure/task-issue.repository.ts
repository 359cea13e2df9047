import { Injectable } from '@nestjs/common';
import { saveAggregateRow, UnitOfWork } from '@kelisim/persistence';
import type { IssuePlan } from '../domain/issue-plan.js';
import { TaskIssue, type TaskIssueStatus } from '../domain/task-issue.js';
import { TaskIssueRepository } from '../domain/task.repository.js';

interface TaskIssueRecord {
  id: string;
  author_id: string;
  status: TaskIssueStatus;
  plan: IssuePlan;
  instances: number;
  issued: number;
  cursor: number;
  per_batch: number;
  accepted_at: Date;
  completed_at: Date | null;
  version: number;
}

@Injectable()
export class SqlTaskIssueRepository extends TaskIssueRepository {
  constructor(private readonly uow: UnitOfWork) {
    super();
  }

  async getForUpdate(id: string): Promise<TaskIssue | null> {
    const [row] = (await this.uow.query('SELECT * FROM task_issues WHERE id = $1 FOR UPDATE', [id])) as TaskIssueRecord[];
    if (!row) return null;
    return TaskIssue.restore(row.id, row.version, {
      authorId: row.author_id,
      status: row.status,
      plan: row.plan,
      instances: row.instances,
      issued: row.issued,
      cursor: row.cursor,
      perBatch: row.per_batch,
      acceptedAt: new Date(row.accepted_at),
      completedAt: row.completed_at && new Date(row.completed_at),
    });
  }

  async save(issue: TaskIssue): Promise<void> {
    const s = issue.state;
    await saveAggregateRow(this.uow, 'task_issues', issue, {
      author_id: s.authorId,
      status: s.status,
      // The plan never changes after acceptance: written once, not again with every batch.
      ...(issue.isNew ? { plan: JSON.stringify(s.plan) } : {}),
      instances: s.instances,
      issued: s.issued,
      cursor: s.cursor,
      per_batch: s.perBatch,
      accepted_at: s.acceptedAt,
      completed_at: s.completedAt,
    });
  }
}
