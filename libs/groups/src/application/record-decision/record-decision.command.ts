import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { RecordDecisionProps } from '../../domain/meeting.js';
import type { MeetingView } from '../groups.views.js';

/** The chair or a controller records a protocol item of a held meeting. */
export class RecordDecisionCommand extends Command<MeetingView> {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly data: RecordDecisionProps,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
