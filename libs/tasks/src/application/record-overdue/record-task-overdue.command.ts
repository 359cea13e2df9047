import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';

/** From the deadline engine: the task's deadline of `dueAt` has passed. */
export class RecordTaskOverdueCommand extends Command<boolean> {
  constructor(
    readonly actor: Actor,
    readonly taskId: string,
    readonly dueAt: Date,
  ) {
    super();
  }
}
