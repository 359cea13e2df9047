import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnknownUserError } from '../../domain/task.errors.js';
import { TaskParticipants } from '../../domain/task.repository.js';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { ReassignTaskCommand } from './reassign-task.command.js';

@CommandHandler(ReassignTaskCommand)
export class ReassignTaskHandler implements ICommandHandler<ReassignTaskCommand> {
  constructor(
    private readonly changes: TaskChanges,
    private readonly participants: TaskParticipants,
  ) {}

  execute({ actor, taskId, executorId, expectedRevision }: ReassignTaskCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, async (task) => {
      const executor = (await this.participants.find([executorId])).get(executorId);
      if (!executor) throw new UnknownUserError('executorId', executorId);
      task.reassign(actor, executorId, executor.organizationId);
    });
  }
}
