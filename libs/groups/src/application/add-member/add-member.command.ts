import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MemberRole } from '../../domain/groups.types.js';
import type { WorkingGroupView } from '../groups.views.js';

/** The chair or a controller adds a person to the group, or changes a member's role. */
export class AddMemberCommand extends Command<WorkingGroupView> {
  constructor(
    readonly actor: Actor,
    readonly groupId: string,
    readonly userId: string,
    readonly role: MemberRole,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
