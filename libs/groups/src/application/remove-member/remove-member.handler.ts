import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WorkingGroupView } from '../groups.views.js';
import { WorkingGroupChanges } from '../working-group-changes.js';
import { RemoveMemberCommand } from './remove-member.command.js';

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand> {
  constructor(private readonly changes: WorkingGroupChanges) {}

  execute({ actor, groupId, userId, expectedRevision }: RemoveMemberCommand): Promise<WorkingGroupView> {
    return this.changes.apply(actor, groupId, expectedRevision, (group, now) => group.removeMember(actor, userId, now));
  }
}
