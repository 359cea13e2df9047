import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The controller rejects an extension with a reason; the deadline stays. */
export class RejectExtensionCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly requestId: string,
    readonly reason: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
