import { DateTime } from 'luxon';

/** A calendar date, `yyyy-mm-dd`. */
export type LocalDate = string;

/**
 * Port: which days are working days. A fixed-holiday calendar serves until the editable one (kept in
 * the database per year) arrives with the deadline engine; both answer the same question.
 */
export abstract class WorkingCalendar {
  /** The n-th working day strictly after `date`. */
  abstract nthWorkingDayAfter(date: LocalDate, n: number): Promise<LocalDate>;
}

/** A working-day deadline ends with the working day: 18:00 local. */
export const END_OF_WORKING_DAY = { hour: 18, minute: 0 } as const;

/** 18:00 in `timeZone` on the n-th working day after today there. */
export async function workingDaysDeadline(calendar: WorkingCalendar, now: Date, days: number, timeZone: string): Promise<Date> {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
  const day = await calendar.nthWorkingDayAfter(today, days);
  return DateTime.fromISO(day, { zone: timeZone }).set({ ...END_OF_WORKING_DAY, second: 0, millisecond: 0 }).toJSDate();
}
