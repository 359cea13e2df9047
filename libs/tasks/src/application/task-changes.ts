import { Injectable } from '@nestjs/common';
import { type Actor, Clock, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import type { Task } from '../domain/task.js';
import { TaskRepository } from '../domain/task.repository.js';
import { taskDetailView, type TaskDetailView } from './task.views.js';

/**
 * What every command on an existing task does around its one aggregate call: one transaction,
 * load, hide the task from who may not see it (404), check If-Match (412), save, answer the new state.
 */
@Injectable()
export class TaskChanges {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: TaskRepository,
    private readonly clock: Clock,
  ) {}

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
      await this.tasks.save(task);
      return taskDetailView(task, now);
    });
  }
}
