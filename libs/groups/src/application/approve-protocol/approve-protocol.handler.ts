import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { hasRole } from '@kelisim/kernel';
import { GroupPeople } from '../../domain/groups.repositories.js';
import type { MeetingView } from '../groups.views.js';
import { MeetingChanges } from '../meeting-changes.js';
import { requirePeople } from '../people-check.js';
import { ApproveProtocolCommand } from './approve-protocol.command.js';

/**
 * Drafts that name no controller are controlled by the approver when they are a controller, else by
 * the controller who organized the meeting (checked to be one still, so the saga will not fail on it).
 */
@CommandHandler(ApproveProtocolCommand)
export class ApproveProtocolHandler implements ICommandHandler<ApproveProtocolCommand> {
  constructor(
    private readonly changes: MeetingChanges,
    private readonly people: GroupPeople,
  ) {}

  execute({ actor, meetingId, expectedRevision }: ApproveProtocolCommand): Promise<MeetingView> {
    return this.changes.apply(actor, meetingId, expectedRevision, async (meeting, now) => {
      const controllerId = hasRole(actor, 'controller') ? actor.userId! : meeting.state.organizerId;
      meeting.approveProtocol(actor, controllerId, now);
      await requirePeople(this.people, [], [['organizerId', controllerId]]);
    });
  }
}
