import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MeetingView } from '../groups.views.js';

/**
 * The chair or a controller approves the protocol: held → protocol_approved. The protocol issuer
 * saga then issues the decisions' tasks and forms their working groups.
 */
export class ApproveProtocolCommand extends Command<MeetingView> {
  constructor(
    readonly actor: Actor,
    readonly meetingId: string,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
