import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The controller returns the last report with a reason: report_submitted → in_progress. */
export class ReturnTaskCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly reason: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
