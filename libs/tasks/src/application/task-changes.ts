import { Injectable } from '@nestjs/common';
import { type Actor, Clock, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import type { Task } from '../domain/task.js';
import { TaskRepository } from '../domain/task.repository.js';
import { TaskDeadlines } from './task-deadlines.js';
import { taskDetailView, type TaskDetailView } from './task.views.js';

/**
 * What every command on an existing task does around its one aggregate call: one transaction,
 * load, hide the task from who may not see it (404), check If-Match (412), save, move its deadline
 * (reminders), answer the new state.
 */
@Injectable()
export class TaskChanges {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: TaskRepository,
    private readonly deadlines: TaskDeadlines,
    private readonly clock: Clock,
  ) {}

  /**
   * Persists the task and moves its deadline (reminders) in the same transaction: every command that
   * saves a task saves it here. The events are read before the save, which takes them to commit.
   */
  async save(task: Task): Promise<void> {
    const events = [...task.peekEvents()];
    await this.tasks.save(task);
    await this.deadlines.follow(task, events);
  }

  apply(
    actor: Actor,
    taskId: string,
    expectedRevision: number | undefined,
    change: (task: Task, now: Date) => void | Promise<void>,
  ): Promise<TaskDetailView> {
    return this.uow.run(actor, async () => {
      const task = await this.tasks.get(taskId);
      const now = this.clock.now();
      if (!task || !task.isVisibleTo(actor, now)) throw new NotFoundError('task', taskId);
      task.assertRevision(expectedRevision);
      await change(task, now);
      await this.save(task);
      return taskDetailView(task, now);
    });
  }
}
