import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { ApproveExtensionCommand } from './approve-extension.command.js';

@CommandHandler(ApproveExtensionCommand)
export class ApproveExtensionHandler implements ICommandHandler<ApproveExtensionCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, requestId, reason, expectedRevision }: ApproveExtensionCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task, now) => task.approveExtension(actor, requestId, reason, now));
  }
}
