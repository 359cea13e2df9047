import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { ReturnTaskCommand } from './return-task.command.js';

@CommandHandler(ReturnTaskCommand)
export class ReturnTaskHandler implements ICommandHandler<ReturnTaskCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, reason, expectedRevision }: ReturnTaskCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task, now) => task.returnReport(actor, reason, now));
  }
}
