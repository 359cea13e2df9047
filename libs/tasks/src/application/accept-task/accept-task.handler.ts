import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { AcceptTaskCommand } from './accept-task.command.js';

@CommandHandler(AcceptTaskCommand)
export class AcceptTaskHandler implements ICommandHandler<AcceptTaskCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, expectedRevision }: AcceptTaskCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task, now) => task.accept(actor, now));
  }
}
