import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@kelisim/kernel';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { RequestExtensionCommand } from './request-extension.command.js';

@CommandHandler(RequestExtensionCommand)
export class RequestExtensionHandler implements ICommandHandler<RequestExtensionCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, proposedDueAt, reason, expectedRevision }: RequestExtensionCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task, now) => task.requestExtension(actor, newId(), proposedDueAt, reason, now));
  }
}
