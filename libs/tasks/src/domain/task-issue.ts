import { AggregateRoot } from '@kelisim/kernel';
import { gridSize, type IssuePlan } from './issue-plan.js';

export const TaskIssueEvents = {
  Accepted: 'TaskIssueAccepted',
  BatchIssued: 'TaskIssueBatchIssued',
  Completed: 'TaskIssueCompleted',
} as const;

export type TaskIssueStatus = 'issuing' | 'issued';

export interface TaskIssueProps {
  authorId: string;
  status: TaskIssueStatus;
  plan: IssuePlan;
  /** Tasks the plan issues in all. */
  instances: number;
  /** Tasks issued so far. */
  issued: number;
  /** Grid position of the next batch. */
  cursor: number;
  /** Grid positions per batch: within the reminders one command may plan. */
  perBatch: number;
  acceptedAt: Date;
  completedAt: Date | null;
}

/**
 * An issue too large for one command (its reminders would pass the SPEC's 20,000): accepted at
 * once, its plan kept, its tasks issued in batches, each in a transaction of its own. Each batch
 * continues at the cursor and moves it in the same transaction as its tasks, so a batch run twice
 * (a redelivered event) finds the cursor moved and does nothing; one that fails leaves no task.
 */
export class TaskIssue extends AggregateRoot {
  readonly streamType = 'task_issue';

  private constructor(
    id: string,
    version: number,
    private props: TaskIssueProps,
  ) {
    super(id, version);
  }

  static accept(id: string, input: { authorId: string; plan: IssuePlan; instances: number; perBatch: number; reminderCeiling: number }, now: Date): TaskIssue {
    const issue = new TaskIssue(id, 0, {
      authorId: input.authorId,
      status: 'issuing',
      plan: input.plan,
      instances: input.instances,
      issued: 0,
      cursor: 0,
      perBatch: Math.max(1, input.perBatch),
      acceptedAt: now,
      completedAt: null,
    });
    const { task, recurrenceId } = input.plan;
    issue.record(TaskIssueEvents.Accepted, {
      issueId: id,
      title: task.title,
      source: task.source,
      controllerId: task.controllerId,
      executorIds: input.plan.executors.map((e) => e.id),
      occurrences: input.plan.occurrences.length,
      instances: input.instances,
      reminderCeiling: input.reminderCeiling,
      perBatch: issue.props.perBatch,
      groupId: input.plan.occurrences.length === 1 ? input.plan.occurrences[0].groupId : null,
      recurrenceId,
    });
    return issue;
  }

  static restore(id: string, version: number, props: TaskIssueProps): TaskIssue {
    return new TaskIssue(id, version, props);
  }

  get state(): Readonly<TaskIssueProps> {
    return this.props;
  }

  /** The grid positions the batch starting at `from` covers, or null when that batch was done already. */
  nextBatch(from: number): { from: number; to: number } | null {
    if (this.props.status !== 'issuing' || this.props.cursor !== from) return null;
    return { from, to: Math.min(gridSize(this.props.plan), from + this.props.perBatch) };
  }

  /** `count` tasks were issued for positions [from, to): the next batch is due, or the issue is complete. */
  batchIssued(batch: { from: number; to: number }, count: number, now: Date): void {
    this.props = { ...this.props, cursor: batch.to, issued: this.props.issued + count };
    this.record(TaskIssueEvents.BatchIssued, { issueId: this.id, from: batch.from, to: batch.to, issued: this.props.issued });
    if (batch.to < gridSize(this.props.plan)) return;
    this.props = { ...this.props, status: 'issued', completedAt: now };
    this.record(TaskIssueEvents.Completed, { issueId: this.id, issued: this.props.issued });
  }
}
