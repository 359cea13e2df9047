import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { AcknowledgeTaskCommand } from './acknowledge-task.command.js';

@CommandHandler(AcknowledgeTaskCommand)
export class AcknowledgeTaskHandler implements ICommandHandler<AcknowledgeTaskCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, expectedRevision }: AcknowledgeTaskCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task, now) => task.acknowledge(actor, now));
  }
}
