import { Injectable } from '@nestjs/common';
import { WorkingCalendarProvider } from '@kelisim/deadlines';
import { DueDates } from '../domain/due-dates.js';

/** Working days from the akimats' working-day calendar (holidays, carry-overs, transfers an admin entered). */
@Injectable()
export class CalendarDueDates extends DueDates {
  constructor(private readonly calendars: WorkingCalendarProvider) {
    super();
  }

  async inWorkingDays(now: Date, days: number, timeZone: string): Promise<Date> {
    return (await this.calendars.current()).addWorkingDays(now, days, timeZone);
  }
}
