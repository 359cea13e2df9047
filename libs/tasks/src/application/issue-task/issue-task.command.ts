import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskPriority, TaskSource } from '../../domain/task.types.js';
import type { TaskDetailView, TaskGroupView } from '../task.views.js';

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
}

export class IssueTaskCommand extends Command<TaskDetailView | TaskGroupView> {
  constructor(
    readonly actor: Actor,
    readonly data: IssueTaskData,
  ) {
    super();
  }
}
