import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { MeetingView } from '../groups.views.js';
import { MeetingChanges } from '../meeting-changes.js';
import { HoldMeetingCommand } from './hold-meeting.command.js';

@CommandHandler(HoldMeetingCommand)
export class HoldMeetingHandler implements ICommandHandler<HoldMeetingCommand> {
  constructor(private readonly changes: MeetingChanges) {}

  execute({ actor, meetingId, expectedRevision }: HoldMeetingCommand): Promise<MeetingView> {
    return this.changes.apply(actor, meetingId, expectedRevision, (meeting, now) => meeting.hold(actor, now));
  }
}
