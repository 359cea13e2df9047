import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { TaskDetailView } from '../task.views.js';

/** The controller approves an extension: the deadline moves, the original one stays on record. */
export class ApproveExtensionCommand extends Command<TaskDetailView> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly requestId: string,
    readonly reason: string | null,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
