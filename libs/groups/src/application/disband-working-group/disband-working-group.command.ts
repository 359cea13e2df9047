import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { WorkingGroupView } from '../groups.views.js';

/** The chair or a controller disbands the group: active → disbanded, after which it refuses changes. */
export class DisbandWorkingGroupCommand extends Command<WorkingGroupView> {
  constructor(
    readonly actor: Actor,
    readonly groupId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
