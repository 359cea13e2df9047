import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';

/** Gives the user their feed URL, creating the token on first use; `rotate` replaces it (the old URL stops working). */
export class IssueCalendarFeedCommand extends Command<{ url: string }> {
  constructor(
    readonly actor: Actor,
    readonly rotate: boolean,
  ) {
    super();
  }
}
