import { DAY_MS, fromWall, isoDay, isTimeZone, toWall, wallDay } from '@kelisim/kernel';
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
    for (let day = wallDay(Date.UTC(year, 0, 1)); day < wallDay(Date.UTC(year + 1, 0, 1)); day++) {
      if (this.isWorkingDay(isoDay(day))) count++;
    }
    return count;
  }

  /** `at` local time (end of the working day by default) on the n-th working day after `from`'s local date. */
  addWorkingDays(from: Date, n: number, timeZone: string, at = END_OF_WORKING_DAY): Date {
    requireCount(n);
    let day = wallDay(wallOf(from, timeZone));
    for (let counted = 0; counted < n; ) {
      day++;
      if (this.isWorkingDay(isoDay(day))) counted++;
    }
    return atLocalTime(day, at, timeZone);
  }

  /** The same local time of day as `due`, n working days before `due`'s local date. */
  subtractWorkingDays(due: Date, n: number, timeZone: string): Date {
    requireCount(n);
    const wall = wallOf(due, timeZone);
    let day = wallDay(wall);
    const timeOfDay = wall - day * DAY_MS;
    for (let counted = 0; counted < n; ) {
      day--;
      if (this.isWorkingDay(isoDay(day))) counted++;
    }
    return new Date(fromWall(day * DAY_MS + timeOfDay, timeZone));
  }

  /** Whether `at` falls within opening–closing (both inclusive) of a working day in `timeZone`. */
  isWithinWorkingHours(at: Date, timeZone: string, opening = START_OF_WORKING_DAY, closing = END_OF_WORKING_DAY): boolean {
    const wall = wallOf(at, timeZone);
    const day = wallDay(wall);
    if (!this.isWorkingDay(isoDay(day))) return false;
    const timeOfDay = wall - day * DAY_MS;
    return timeOfDay >= parseTime(opening) && timeOfDay <= parseTime(closing);
  }

  /** The first instant ≥ `at` within working hours: `at` itself when it already is. */
  nextWorkingMorning(at: Date, timeZone: string, opening = START_OF_WORKING_DAY): Date {
    if (this.isWithinWorkingHours(at, timeZone, opening)) return at;
    const wall = wallOf(at, timeZone);
    const day = wallDay(wall);
    if (this.isWorkingDay(isoDay(day)) && wall - day * DAY_MS < parseTime(opening)) return atLocalTime(day, opening, timeZone);
    return this.nextWorkingDayAt(at, timeZone, opening);
  }

  /** `time` local on the first working day strictly after `at`'s local date. */
  nextWorkingDayAt(at: Date, timeZone: string, time = START_OF_WORKING_DAY): Date {
    let day = wallDay(wallOf(at, timeZone)) + 1;
    while (!this.isWorkingDay(isoDay(day))) day++;
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

const knownZones = new Set<string>();

/** The instant's wall time in an IANA zone. A fixed offset such as 'UTC+5' is exactly what we refuse. */
function wallOf(at: Date, timeZone: string): number {
  if (!knownZones.has(timeZone)) {
    if (!isTimeZone(timeZone) || /^(UTC|GMT)?[+-]\d/i.test(timeZone)) throw new RangeError(`'${timeZone}' is not an IANA time zone`);
    knownZones.add(timeZone);
  }
  return toWall(at.getTime(), timeZone);
}

const times = new Map<string, number>();

/** HH:mm as milliseconds after midnight. */
function parseTime(time: string): number {
  let ms = times.get(time);
  if (ms === undefined) {
    const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
    if (!match) throw new RangeError(`'${time}' is not a HH:mm time`);
    ms = (Number(match[1]) * 60 + Number(match[2])) * 60_000;
    times.set(time, ms);
  }
  return ms;
}

/** `time` local on a day (days since 1970-01-01) in `timeZone`. */
function atLocalTime(day: number, time: string, timeZone: string): Date {
  return new Date(fromWall(day * DAY_MS + parseTime(time), timeZone));
}
