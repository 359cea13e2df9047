import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The controller accepts the last report: report_submitted → done, recording doneOnTime. */
export class AcceptTaskCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
