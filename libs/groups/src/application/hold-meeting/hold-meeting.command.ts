import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MeetingView } from '../groups.views.js';

/** The chair or a controller marks the meeting held: planned → held; decisions may then be recorded. */
export class HoldMeetingCommand extends Command<MeetingView> {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
