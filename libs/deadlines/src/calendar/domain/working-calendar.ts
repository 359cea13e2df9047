import { DateTime } from 'luxon';
import { isTimeZone } from '@kelisim/kernel';
import { generateKazakhstanYear, isWeekend } from './kazakhstan-rules.js';

/** One year of the calendar as stored: every list holds ISO local dates (YYYY-MM-DD). */
export interface CalendarYearData {
  year: number;
  /** Public holidays and days off by government order (transfers). */
  holidays: string[];
  /** Weekdays off because a holiday fell on a weekend. */
  extraDaysOff: string[];
  /** Weekend days worked by government order. */
  extraWorkingDays: string[];
  /** Dates not confirmed yet (e.g. Kurban Ait before its announcement). */
  estimated: string[];
}

export const END_OF_WORKING_DAY = '18:00';
export const START_OF_WORKING_DAY = '09:00';

interface YearSets {
  off: Set<string>;
  worked: Set<string>;
}

/**
 * Working days of Kazakhstan: weekdays that are not holidays or days off, plus weekend days worked
 * by order. Years absent from the data follow the statutory rules. Every instant is turned into a
 * local date through its IANA zone: never a fixed offset.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, YearSets>();

  constructor(data: readonly CalendarYearData[] = []) {
    for (const year of data) {
      this.years.set(year.year, {
        off: new Set([...year.holidays, ...year.extraDaysOff]),
        worked: new Set(year.extraWorkingDays),
      });
    }
  }

  isWorkingDay(isoDate: string): boolean {
    const { off, worked } = this.yearOf(Number(isoDate.slice(0, 4)));
    if (worked.has(isoDate)) return true;
    return !off.has(isoDate) && !isWeekend(isoDate);
  }

  /** How many working days the year has. */
  workingDaysIn(year: number): number {
    let count = 0;
    for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) {
      if (this.isWorkingDay(day.toISODate()!)) count++;
    }
    return count;
  }

  /** `at` local time (end of the working day by default) on the n-th working day after `from`'s local date. */
  addWorkingDays(from: Date, n: number, timeZone: string, at = END_OF_WORKING_DAY): Date {
    requireCount(n);
    let day = localDay(from, timeZone);
    for (let counted = 0; counted < n; ) {
      day = day.plus({ days: 1 });
      if (this.isWorkingDay(day.toISODate()!)) counted++;
    }
    return atLocalTime(day, at, timeZone);
  }

  /** The same local time of day as `due`, n working days before `due`'s local date. */
  subtractWorkingDays(due: Date, n: number, timeZone: string): Date {
    requireCount(n);
    const local = inZone(due, timeZone);
    let day = local.startOf('day');
    for (let counted = 0; counted < n; ) {
      day = day.minus({ days: 1 });
      if (this.isWorkingDay(day.toISODate()!)) counted++;
    }
    return day
      .set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond })
      .toJSDate();
  }

  /** Whether `at` falls within opening–closing (both inclusive) of a working day in `timeZone`. */
  isWithinWorkingHours(at: Date, timeZone: string, opening = START_OF_WORKING_DAY, closing = END_OF_WORKING_DAY): boolean {
    const local = inZone(at, timeZone);
    if (!this.isWorkingDay(local.toISODate()!)) return false;
    return local >= atLocal(local.startOf('day'), opening) && local <= atLocal(local.startOf('day'), closing);
  }

  /** The first instant ≥ `at` within working hours: `at` itself when it already is. */
  nextWorkingMorning(at: Date, timeZone: string, opening = START_OF_WORKING_DAY): Date {
    if (this.isWithinWorkingHours(at, timeZone, opening)) return at;
    const local = inZone(at, timeZone);
    const openingToday = atLocal(local.startOf('day'), opening);
    if (this.isWorkingDay(local.toISODate()!) && local < openingToday) return openingToday.toJSDate();
    return this.nextWorkingDayAt(at, timeZone, opening);
  }

  /** `time` local on the first working day strictly after `at`'s local date. */
  nextWorkingDayAt(at: Date, timeZone: string, time = START_OF_WORKING_DAY): Date {
    let day = localDay(at, timeZone).plus({ days: 1 });
    while (!this.isWorkingDay(day.toISODate()!)) day = day.plus({ days: 1 });
    return atLocalTime(day, time, timeZone);
  }

  private yearOf(year: number): YearSets {
    let sets = this.years.get(year);
    if (!sets) {
      const statutory = generateKazakhstanYear(year);
      sets = { off: new Set([...statutory.holidays.map((h) => h.date), ...statutory.carryOvers]), worked: new Set() };
      this.years.set(year, sets);
    }
    return sets;
  }
}

function requireCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a whole number ≥ 1, got ${n}`);
}

/** Midnight of the instant's local date, as a date-only value (zone UTC keeps day arithmetic free of DST). */
function localDay(at: Date, timeZone: string): DateTime {
  const local = inZone(at, timeZone);
  return DateTime.utc(local.year, local.month, local.day);
}

const knownZones = new Set<string>();

/** The instant in an IANA zone. Luxon would also take 'UTC+5': a fixed offset is exactly what we refuse. */
function inZone(at: Date, timeZone: string): DateTime {
  if (!knownZones.has(timeZone)) {
    if (!isTimeZone(timeZone) || /^(UTC|GMT)?[+-]\d/i.test(timeZone)) throw new RangeError(`'${timeZone}' is not an IANA time zone`);
    knownZones.add(timeZone);
  }
  return DateTime.fromJSDate(at, { zone: timeZone });
}

function parseTime(time: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`'${time}' is not a HH:mm time`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

function atLocal(dayInZone: DateTime, time: string): DateTime {
  return dayInZone.set({ ...parseTime(time), second: 0, millisecond: 0 });
}

function atLocalTime(day: DateTime, time: string, timeZone: string): Date {
  return DateTime.fromObject({ year: day.year, month: day.month, day: day.day, ...parseTime(time) }, { zone: timeZone }).toJSDate();
}
