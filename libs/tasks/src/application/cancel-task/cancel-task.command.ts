import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The controller cancels an open task with a reason. */
export class CancelTaskCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly reason: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
