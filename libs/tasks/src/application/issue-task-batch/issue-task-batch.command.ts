import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';

/** The next batch of a large issue, from grid position `from` (the worker runs it; true when it issued). */
export class IssueTaskBatchCommand extends Command<boolean> {
  constructor(
    readonly actor: Actor,
    readonly issueId: string,
    readonly from: number,
  ) {
    super();
  }
}
