import { Command } from '@nestjs/cqrs';
import type { Actor } from '@kelisim/kernel';
import type { CalendarYearView } from '../calendar.views.js';

/** Replaces a year's holidays (public holidays and days off by order) and weekend workdays. */
export class SetCalendarYearCommand extends Command<CalendarYearView> {
  constructor(
    readonly actor: Actor,
    readonly year: number,
    readonly holidays: readonly string[],
    readonly workdays: readonly string[],
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
