import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';

/** The feed's secret URL when this call made it (else null: only its hash is kept), and when it was made. */
export interface CalendarFeedView {
  url: string | null;
  createdAt: string;
}

/** Makes the user's feed on first use; `rotate` replaces it (the old URL stops working). */
export class IssueCalendarFeedCommand extends Command<CalendarFeedView> {
  constructor(
    readonly actor: Actor,
    readonly rotate: boolean,
  ) {
    super();
  }
}
