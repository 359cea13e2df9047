import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { Recurrence } from '../../domain/recurrence.js';
import type { IssueOrigin } from '../task-issuers.js';
import type { TaskPriority, TaskSource } from '../../domain/task.types.js';
import type { TaskDetailView, TaskGroupView, TaskIssueView, TaskRecurrenceView } from '../task.views.js';
import type { ReminderBudget } from './reminder-budget.js';

export interface IssueTaskData {
  title: string;
  description?: string;
  source?: TaskSource;
  /** One executor: the answer is the task. */
  executorId?: string;
  /** Many executors: one instance each sharing a groupId; the answer is the group. */
  executorIds?: string[];
  coExecutorIds?: string[];
  /** Defaults to the author when the author is a controller. */
  controllerId?: string;
  dueAt?: Date;
  dueInWorkingDays?: number;
  priority?: TaskPriority;
  /** Instead of dueAt/dueInWorkingDays: one instance per occurrence (and executor), issued ahead of time. */
  recurrence?: Recurrence;
  /** Replaces the default reminders of every instance (the deadline engine's policy, as JSON). */
  reminderPolicy?: Record<string, unknown>[];
}

export interface IssueOptions {
  /** `protocol`: a meeting's approved protocol issues the task (its saga is the only caller that may). */
  origin?: IssueOrigin;
  /** Shared by the commands of one transaction (a saga's); each command has 20,000 reminders of its own otherwise. */
  budget?: ReminderBudget;
}

/** The task, the group of instances, the recurrence's instances — or, for more than one command may plan, the accepted issue. */
export class IssueTaskCommand extends Command<TaskDetailView | TaskGroupView | TaskRecurrenceView | TaskIssueView> {
  constructor(
    readonly actor: Actor,
    readonly data: IssueTaskData,
    readonly options: IssueOptions = {},
  ) {
    super();
  }
}
