import { Injectable } from '@nestjs/common';
import { type Actor, Clock, NotFoundError } from '@kelisim/kernel';
import { UnitOfWork } from '@kelisim/persistence';
import { MeetingRepository } from '../domain/groups.repositories.js';
import type { Meeting } from '../domain/meeting.js';
import { meetingView, type MeetingView } from './groups.views.js';

/** Around every command on a meeting: one transaction, load, 404 for who may not see it, If-Match, change, save, answer. */
@Injectable()
export class MeetingChanges {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly meetings: MeetingRepository,
    private readonly clock: Clock,
  ) {}

  apply(actor: Actor, meetingId: string, expectedRevision: number | undefined, change: (meeting: Meeting, now: Date) => void | Promise<void>): Promise<MeetingView> {
    return this.uow.run(actor, async () => {
      const meeting = await this.meetings.get(meetingId);
      if (!meeting || !meeting.isVisibleTo(actor)) throw new NotFoundError('meeting', meetingId);
      meeting.assertRevision(expectedRevision);
      await change(meeting, this.clock.now());
      await this.meetings.save(meeting);
      return meetingView(meeting);
    });
  }
}
