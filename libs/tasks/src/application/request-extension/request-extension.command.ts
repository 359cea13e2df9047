import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The executor asks for a later deadline, with a reason. */
export class RequestExtensionCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly proposedDueAt: Date,
    readonly reason: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
