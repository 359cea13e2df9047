import { Injectable } from '@nestjs/common';
import { newId } from '@kelisim/kernel';
import { type IssuePlan, plannedInstances } from '../../domain/issue-plan.js';
import { Task } from '../../domain/task.js';
import { TaskChanges } from '../task-changes.js';
import { taskDetailView, type TaskDetailView } from '../task.views.js';

/** Issues the planned instances at grid positions [from, to): one task each, saved with its deadline. */
@Injectable()
export class TaskInstances {
  constructor(private readonly changes: TaskChanges) {}

  async issue(plan: IssuePlan, from: number, to: number, now: Date): Promise<TaskDetailView[]> {
    const items: TaskDetailView[] = [];
    for (const instance of plannedInstances(plan, from, to)) {
      const task = Task.issue(
        newId(),
        {
          ...plan.task,
          executorId: instance.executor.id,
          executorOrganizationId: instance.executor.organizationId,
          dueAt: instance.dueAt,
          groupId: instance.groupId,
          recurrenceId: plan.recurrenceId,
        },
        now,
      );
      await this.changes.save(task);
      items.push(taskDetailView(task, now));
    }
    return items;
  }
}
