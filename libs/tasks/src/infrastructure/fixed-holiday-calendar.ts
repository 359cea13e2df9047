import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { type LocalDate, WorkingCalendar } from '../domain/working-calendar.js';

/** Kazakhstan's fixed public holidays (month-day), and the years each applies in. */
const HOLIDAYS: { day: string; from?: number; until?: number }[] = [
  { day: '01-01' },
  { day: '01-02' },
  { day: '01-07' },
  { day: '03-08' },
  // Constitution Day moved from 30 Aug to 15 Mar by the 2026 referendum: a day off from 2027.
  { day: '03-15', from: 2027 },
  { day: '03-21' },
  { day: '03-22' },
  { day: '03-23' },
  { day: '05-01' },
  { day: '05-07' },
  { day: '05-09' },
  { day: '07-06' },
  { day: '08-30', until: 2025 },
  { day: '10-25' },
  { day: '12-16' },
];

export function isFixedHoliday(date: DateTime): boolean {
  const day = date.toFormat('MM-dd');
  return HOLIDAYS.some((h) => h.day === day && (h.from === undefined || date.year >= h.from) && (h.until === undefined || date.year <= h.until));
}

/**
 * Monday to Friday minus the fixed public holidays. It knows no weekend carry-overs, government
 * transfers or Kurban Ait: the editable calendar of the deadline issue replaces it.
 */
@Injectable()
export class FixedHolidayCalendar extends WorkingCalendar {
  async nthWorkingDayAfter(date: LocalDate, n: number): Promise<LocalDate> {
    let day = DateTime.fromISO(date, { zone: 'UTC' });
    if (!day.isValid) throw new Error(`not a calendar date: ${date}`);
    for (let left = n; left > 0; ) {
      day = day.plus({ days: 1 });
      if (day.weekday <= 5 && !isFixedHoliday(day)) left -= 1;
    }
    return day.toISODate()!;
  }
}
