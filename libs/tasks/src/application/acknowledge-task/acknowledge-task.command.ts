import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The executor takes the task on: assigned → in_progress. */
export class AcknowledgeTaskCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
