import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The controller gives an open task to another executor, who must acknowledge it anew. */
export class ReassignTaskCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly executorId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
