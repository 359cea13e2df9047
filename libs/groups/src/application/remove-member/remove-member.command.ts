import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { WorkingGroupView } from '../groups.views.js';

/** The chair or a controller closes a member's membership; the row stays in the history. */
export class RemoveMemberCommand extends Command<WorkingGroupView> {
  constructor(
    readonly actor: Actor,
    readonly groupId: string,
    readonly userId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
