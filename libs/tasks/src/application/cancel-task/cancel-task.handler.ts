import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { CancelTaskCommand } from './cancel-task.command.js';

@CommandHandler(CancelTaskCommand)
export class CancelTaskHandler implements ICommandHandler<CancelTaskCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, reason, expectedRevision }: CancelTaskCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task) => task.cancel(actor, reason));
  }
}
