import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kelisim/persistence';
import { TaskRepository } from '../../domain/task.repository.js';
import { TaskChanges } from '../task-changes.js';
import { RecordTaskOverdueCommand } from './record-task-overdue.command.js';

@CommandHandler(RecordTaskOverdueCommand)
export class RecordTaskOverdueHandler implements ICommandHandler<RecordTaskOverdueCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: TaskRepository,
    private readonly changes: TaskChanges,
  ) {}

  execute({ actor, taskId, dueAt }: RecordTaskOverdueCommand): Promise<boolean> {
    return this.uow.run(actor, async () => {
      const task = await this.tasks.get(taskId);
      if (!task || !task.recordOverdue(dueAt)) return false;
      await this.changes.save(task);
      return true;
    });
  }
}
