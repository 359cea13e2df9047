import { Injectable } from '@nestjs/common';
import { DeadlineTracker, parseReminderPolicy } from '@kelisim/deadlines';
import type { DomainEvent } from '@kelisim/kernel';
import type { Task } from '../domain/task.js';
import { TaskEvents } from '../domain/task.events.js';

const MOVES = new Set<string>([TaskEvents.Assigned, TaskEvents.Reassigned, TaskEvents.DeadlineChanged]);
const ENDS = new Set<string>([TaskEvents.Completed, TaskEvents.Cancelled]);

/**
 * Keeps the task's deadline in the deadline engine in step with the task, in the same transaction:
 * assigned, reassigned or extended → (re)scheduled reminders; done or cancelled → none left.
 * Called by every command that saves a task (through `TaskChanges.save`), right after
 * `TaskRepository.save`, with the events that save took to commit (the repository only persists).
 */
@Injectable()
export class TaskDeadlines {
  constructor(private readonly tracker: DeadlineTracker) {}

  async follow(task: Task, events: readonly DomainEvent[]): Promise<void> {
    const types = events.map((e) => e.type);
    if (types.some((type) => ENDS.has(type))) {
      await this.tracker.close('task', task.id, task.state.status);
      return;
    }
    if (!types.some((type) => MOVES.has(type))) return;
    const s = task.state;
    const assigned = events.find((e) => e.type === TaskEvents.Assigned)?.payload as { reminderPolicy?: unknown[] } | undefined;
    // Issued: its own policy or the default; moved later: the policy it has.
    const policy = assigned ? (assigned.reminderPolicy ? parseReminderPolicy(assigned.reminderPolicy) : null) : undefined;
    await this.tracker.track({
      subjectType: 'task',
      subjectId: task.id,
      title: s.title,
      dueAt: s.dueAt,
      audience: { executor: [s.executorId], co_executors: s.coExecutorIds, controller: [s.controllerId] },
      policy,
      isNew: Boolean(assigned),
    });
  }
}
