import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@kelisim/kernel';
import { TaskChanges } from '../task-changes.js';
import type { TaskDetailView } from '../task.views.js';
import { SubmitReportCommand } from './submit-report.command.js';

@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand> {
  constructor(private readonly changes: TaskChanges) {}

  execute({ actor, taskId, text, expectedRevision }: SubmitReportCommand): Promise<TaskDetailView> {
    return this.changes.apply(actor, taskId, expectedRevision, (task, now) => task.submitReport(actor, newId(), text, now));
  }
}
