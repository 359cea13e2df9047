import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { RejectExtensionCommand } from './reject-extension.command.js';

@CommandHandler(RejectExtensionCommand)
export class RejectExtensionHandler implements ICommandHandler<RejectExtensionCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, requestId, reason, expectedRevision }: RejectExtensionCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task, now) => task.rejectExtension(actor, requestId, reason, now));
  }
}
