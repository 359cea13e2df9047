import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { WorkingGroupView } from '../groups.views.js';
import { WorkingGroupChanges } from '../working-group-changes.js';
import { DisbandWorkingGroupCommand } from './disband-working-group.command.js';

@CommandHandler(DisbandWorkingGroupCommand)
export class DisbandWorkingGroupHandler implements ICommandHandler<DisbandWorkingGroupCommand> {
  constructor(private readonly changes: WorkingGroupChanges) {}

  execute({ actor, groupId, expectedRevision }: DisbandWorkingGroupCommand): Promise<WorkingGroupView> {
    return this.changes.apply(actor, groupId, expectedRevision, (group, now) => group.disband(actor, now));
  }
}
