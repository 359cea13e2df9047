import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@kelisim/kernel';
import { GroupPeople } from '../../domain/groups.repositories.js';
import type { WorkingGroupView } from '../groups.views.js';
import { requirePeople } from '../people-check.js';
import { WorkingGroupChanges } from '../working-group-changes.js';
import { AddMemberCommand } from './add-member.command.js';

@CommandHandler(AddMemberCommand)
export class AddMemberHandler implements ICommandHandler<AddMemberCommand> {
  constructor(
    private readonly changes: WorkingGroupChanges,
    private readonly people: GroupPeople,
  ) {}

  execute({ actor, groupId, userId, role, expectedRevision }: AddMemberCommand): Promise<WorkingGroupView> {
    return this.changes.apply(actor, groupId, expectedRevision, async (group, now) => {
      await requirePeople(this.people, [['userId', userId]]);
      group.addMember(actor, newId, userId, role, now);
    });
  }
}
