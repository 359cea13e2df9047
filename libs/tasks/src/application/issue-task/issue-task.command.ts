import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { Recurrence } from '../../domain/recurrence.js';
import type { TaskPriority, TaskSource } from '../../domain/task.types.js';
import type { TaskDetailView, TaskGroupView, TaskRecurrenceView } from '../task.views.js';

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

export class IssueTaskCommand extends Command<TaskDetailView | TaskGroupView | TaskRecurrenceView> {
  constructor(
    readonly actor: Actor,
    readonly data: IssueTaskData,
  ) {
    super();
  }
}
