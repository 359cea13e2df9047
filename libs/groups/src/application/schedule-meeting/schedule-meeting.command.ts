import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { MeetingView } from '../groups.views.js';

export interface ScheduleMeetingData {
  title: string;
  scheduledAt: Date;
  location?: string;
  chairId: string;
  participantIds: string[];
  agenda: { title: string; speakerId?: string }[];
}

/** A controller schedules a meeting; they become its organizer. */
export class ScheduleMeetingCommand extends Command<MeetingView> {
  constructor(
    readonly actor: Actor,
    readonly data: ScheduleMeetingData,
  ) {
    super();
  }
}
