import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The executor reports on the work: in_progress → report_submitted. */
export class SubmitReportCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly text: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
