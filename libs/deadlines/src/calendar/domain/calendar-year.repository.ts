import type { CalendarYear } from './calendar-year.js';

/** Port (and DI token) of the calendar's aggregate. */
export abstract class CalendarYearRepository {
  abstract get(year: number): Promise<CalendarYear | null>;
  abstract save(calendarYear: CalendarYear): Promise<void>;
}
