import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { AggregateRoot, ValidationError } from '@kelisim/kernel';
import {
  CALENDAR_FIRST_YEAR,
  CALENDAR_LAST_YEAR,
  CalendarDateOffAndWorkedError,
  CalendarDateOutsideYearError,
  CalendarWorkdayNotWeekendError,
  CalendarYearOutOfRangeError,
} from './calendar.errors.js';
import { CalendarEvents, type CalendarYearChangedPayload } from './calendar.events.js';
import { carryOversOf, generateKazakhstanYear, type Holiday, HOLIDAY_NAMES, isWeekend } from './kazakhstan-rules.js';
import type { CalendarYearData } from './working-calendar.js';

export interface CalendarYearProps {
  /** Public holidays and days off by order, named; sorted by date. */
  holidays: Holiday[];
  /** Weekdays off because a holiday fell on a weekend (derived from `holidays`). */
  extraDaysOff: string[];
  /** Weekend days worked by order. */
  extraWorkingDays: string[];
  /** Dates not confirmed yet; an admin sees them marked. */
  estimated: string[];
}

// Fixed namespace of Kelisim's calendar streams: stream ids are UUIDv5 of the year under it.
const STREAM_NAMESPACE = Buffer.from('6b1c3f2e8a9d4e5fb0c7d2a41e9f8c35', 'hex');

/** One year of the working-day calendar: the admin sets its holidays and weekend workdays. */
export class CalendarYear extends AggregateRoot {
  readonly streamType = 'calendar_year';

  private constructor(
    readonly year: number,
    version: number,
    private props: CalendarYearProps,
  ) {
    super(CalendarYear.streamIdOf(year), version);
  }

  /** A deterministic UUID (v5-style) per year, so every replica names the same stream. */
  static streamIdOf(year: number): string {
    const hash = createHash('sha1').update(STREAM_NAMESPACE).update(`calendar_year:${year}`).digest();
    hash[6] = (hash[6] & 0x0f) | 0x50;
    hash[8] = (hash[8] & 0x3f) | 0x80;
    const hex = hash.subarray(0, 16).toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  static assertYear(year: number): void {
    if (!Number.isInteger(year) || year < CALENDAR_FIRST_YEAR || year > CALENDAR_LAST_YEAR) throw new CalendarYearOutOfRangeError(year);
  }

  /** A year nobody stored yet: the statutory rules alone (not saved until changed). */
  static statutory(year: number): CalendarYear {
    CalendarYear.assertYear(year);
    const generated = generateKazakhstanYear(year);
    return new CalendarYear(year, 0, { holidays: generated.holidays, extraDaysOff: generated.carryOvers, extraWorkingDays: [], estimated: [] });
  }

  static restore(year: number, version: number, props: CalendarYearProps): CalendarYear {
    return new CalendarYear(year, version, props);
  }

  get state(): Readonly<CalendarYearProps> {
    return this.props;
  }

  toData(): CalendarYearData {
    return {
      year: this.year,
      holidays: this.props.holidays.map((h) => h.date),
      extraDaysOff: [...this.props.extraDaysOff],
      extraWorkingDays: [...this.props.extraWorkingDays],
      estimated: [...this.props.estimated],
    };
  }

  /**
   * Replaces the year's holidays (public holidays and days off by order) and weekend workdays.
   * Carry-overs follow from the rules: a statutory holiday on a weekend gives the next working day
   * off, religious days and days off by order never do.
   */
  set(holidays: readonly string[], workdays: readonly string[]): void {
    const off = this.checkedDates('holidays', holidays);
    const worked = this.checkedDates('workdays', workdays);
    for (const date of worked) {
      if (!isWeekend(date)) throw new CalendarWorkdayNotWeekendError(date);
      if (off.includes(date)) throw new CalendarDateOffAndWorkedError(date);
    }
    if (!this.isNew && sameDates(off, this.props.holidays.map((h) => h.date)) && sameDates(worked, this.props.extraWorkingDays)) return;

    const previous = new Map(this.props.holidays.map((h) => [h.date, h]));
    const statutory = new Map(generateKazakhstanYear(this.year).holidays.map((h) => [h.date, h]));
    const named: Holiday[] = off.map(
      (date) => previous.get(date) ?? statutory.get(date) ?? { date, name: HOLIDAY_NAMES.dayOffByOrder, noCarryOver: true },
    );
    const kept = new Set([...off, ...worked]);
    this.props = {
      holidays: named,
      extraDaysOff: carryOversOf(named),
      extraWorkingDays: worked,
      // A mark stays with a date the admin kept; a date the admin added is theirs, not an estimate.
      estimated: this.props.estimated.filter((date) => kept.has(date)),
    };
    const payload: CalendarYearChangedPayload = { year: this.year, holidays: off, workdays: worked, carryOvers: this.props.extraDaysOff };
    this.record(CalendarEvents.CalendarYearChanged, payload);
  }

  private checkedDates(field: string, dates: readonly string[]): string[] {
    for (const date of dates) {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date, { zone: 'UTC' }).isValid) {
        throw new ValidationError(field, `${field}: '${date}' is not an ISO date (YYYY-MM-DD)`);
      }
      if (Number(date.slice(0, 4)) !== this.year) throw new CalendarDateOutsideYearError(field, date, this.year);
    }
    return [...new Set(dates)].sort();
  }
}

const sameDates = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
