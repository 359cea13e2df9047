import { UnitOfWork } from '@kelisim/persistence';
import { Injectable } from '@nestjs/common';
import { CalendarYear, type CalendarYearProps } from '../../domain/calendar-year.js';
import { calendarYearView, type CalendarYearView } from '../calendar.views.js';

/** Reads skip the aggregate: the stored row, or the statutory rules for a year nobody stored. */
@Injectable()
export class CalendarQueries {
  constructor(private readonly uow: UnitOfWork) {}

  async year(year: number): Promise<CalendarYearView> {
    CalendarYear.assertYear(year);
    const [row] = (await this.uow.query(
      `SELECT holidays, extra_days_off AS "extraDaysOff", extra_working_days AS "extraWorkingDays", estimated, version
         FROM calendar_years WHERE year = $1`,
      [year],
    )) as (CalendarYearProps & { version: number })[];
    if (!row) {
      const statutory = CalendarYear.statutory(year);
      return calendarYearView(year, statutory.state, statutory.version);
    }
    const holidays = [...row.holidays].sort((a, b) => a.date.localeCompare(b.date));
    return calendarYearView(year, { ...row, holidays }, row.version);
  }
}
