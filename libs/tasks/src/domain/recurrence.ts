import { DateTime } from 'luxon';
import { ValidationError } from '@kelisim/kernel';

export const RECURRENCE_LIMITS = {
  /** Occurrences one rule may yield: instances are created ahead of time. */
  occurrences: 60,
  /** Instances of one issue (occurrences × executors): they are written in one transaction. */
  instances: 5_000,
  interval: 12,
  rule: 500,
  /** Every occurrence falls within this many years of the first candidate date. */
  years: 5,
} as const;

/** The RFC 5545 subset Kelisim accepts: FREQ=WEEKLY|MONTHLY with BYDAY/BYMONTHDAY, INTERVAL, COUNT or UNTIL. */
export interface RecurrenceRule {
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  byDay: { weekday: number; n: number | null }[];
  byMonthDay: number[];
  count: number | null;
  /** A local date (year, month, day) in the executor's zone: the last day an occurrence may fall on. */
  until: { year: number; month: number; day: number; instant: Date | null } | null;
}

export interface Recurrence {
  rrule: string;
  /** Local time of each deadline, `HH:mm`; 18:00 (the end of the working day) when absent. */
  dueTime?: string;
}

const FIELD = 'recurrence.rrule';
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const invalid = (message: string): ValidationError => new ValidationError(FIELD, message, 'TASK.RECURRENCE_RULE');

/** Parses and checks a rule; anything outside the subset is a 400 naming `recurrence.rrule`. */
export function parseRecurrenceRule(text: string): RecurrenceRule {
  if (typeof text !== 'string' || text.length === 0 || text.length > RECURRENCE_LIMITS.rule) {
    throw invalid(`${FIELD} must be a rule of 1 to ${RECURRENCE_LIMITS.rule} characters`);
  }
  const body = text.replace(/^RRULE:/i, '');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const match = /^([A-Z]+)=(.+)$/i.exec(part.trim());
    if (!match) throw invalid(`${FIELD}: '${part}' is not KEY=VALUE`);
    const key = match[1].toUpperCase();
    if (!['FREQ', 'INTERVAL', 'BYDAY', 'BYMONTHDAY', 'COUNT', 'UNTIL'].includes(key)) {
      throw invalid(`${FIELD}: ${key} is not supported (FREQ, INTERVAL, BYDAY, BYMONTHDAY, COUNT, UNTIL are)`);
    }
    if (parts.has(key)) throw invalid(`${FIELD}: ${key} is given twice`);
    parts.set(key, match[2].toUpperCase());
  }
  const freq = parts.get('FREQ');
  if (freq !== 'WEEKLY' && freq !== 'MONTHLY') throw invalid(`${FIELD}: FREQ must be WEEKLY or MONTHLY`);
  const interval = parts.has('INTERVAL') ? wholeNumber('INTERVAL', parts.get('INTERVAL')!, 1, RECURRENCE_LIMITS.interval) : 1;
  const byDay = parts.has('BYDAY') ? parts.get('BYDAY')!.split(',').map((day) => weekdayOf(day, freq)) : [];
  const byMonthDay = parts.has('BYMONTHDAY') ? parts.get('BYMONTHDAY')!.split(',').map(monthDayOf) : [];
  if (freq === 'WEEKLY' && byMonthDay.length > 0) throw invalid(`${FIELD}: BYMONTHDAY does not go with FREQ=WEEKLY`);
  if (parts.has('COUNT') && parts.has('UNTIL')) throw invalid(`${FIELD}: give COUNT or UNTIL, not both`);
  if (!parts.has('COUNT') && !parts.has('UNTIL')) throw invalid(`${FIELD}: COUNT or UNTIL is required (instances are created ahead of time)`);
  const count = parts.has('COUNT') ? wholeNumber('COUNT', parts.get('COUNT')!, 1, RECURRENCE_LIMITS.occurrences) : null;
  return { freq, interval, byDay, byMonthDay, count, until: parts.has('UNTIL') ? untilOf(parts.get('UNTIL')!) : null };
}

function wholeNumber(key: string, value: string, min: number, max: number): number {
  const n = /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw invalid(`${FIELD}: ${key} must be a whole number from ${min} to ${max}`);
  return n;
}

function weekdayOf(value: string, freq: string): { weekday: number; n: number | null } {
  const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(value);
  if (!match) throw invalid(`${FIELD}: BYDAY '${value}' is not a weekday (MO…SU, optionally with an ordinal such as 1MO or -1FR)`);
  const n = match[1] === undefined ? null : Number(match[1]);
  if (n !== null && (freq !== 'MONTHLY' || n === 0 || Math.abs(n) > 5)) {
    throw invalid(`${FIELD}: BYDAY '${value}': an ordinal (1…5 or -1…-5) goes only with FREQ=MONTHLY`);
  }
  return { weekday: DAYS.indexOf(match[2]), n };
}

function monthDayOf(value: string): number {
  const n = /^[+-]?\d{1,2}$/.test(value) ? Number(value) : NaN;
  if (!(n !== 0 && Math.abs(n) <= 31)) throw invalid(`${FIELD}: BYMONTHDAY '${value}' must be 1…31 or -1…-31`);
  return n;
}

function untilOf(value: string): NonNullable<RecurrenceRule['until']> {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(value);
  if (!match) throw invalid(`${FIELD}: UNTIL must be a date (YYYYMMDD) or a UTC date-time (YYYYMMDDTHHMMSSZ)`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = DateTime.utc(year, month, day, Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0));
  if (!date.isValid || date.day !== day) throw invalid(`${FIELD}: UNTIL ${value} is not a calendar date`);
  return { year, month, day, instant: match[4] === undefined ? null : date.toJSDate() };
}

const DUE_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * The deadlines of a rule, in the executor's zone: each occurrence is a local date, and its
 * deadline is that date at `dueTime` there (18:00 by default). The first candidate date is
 * today, or tomorrow once today's deadline has passed, so every deadline lies ahead of `now`.
 * A date-only UNTIL is the last local date; a UTC UNTIL bounds the deadlines themselves. Every
 * occurrence must fall within RECURRENCE_LIMITS.years of the first candidate date: the search
 * never looks further, so a rule that never matches costs as little as one that does.
 */
export function recurrenceDeadlines(recurrence: Recurrence, zone: string, now: Date): Date[] {
  const rule = parseRecurrenceRule(recurrence.rrule);
  const time = DUE_TIME.exec(recurrence.dueTime ?? '18:00');
  if (!time) throw new ValidationError('recurrence.dueTime', 'recurrence.dueTime must be a local time HH:mm', 'TASK.RECURRENCE_DUE_TIME');
  const [hour, minute] = [Number(time[1]), Number(time[2])];
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const deadlineOn = (date: LocalDate): DateTime => DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  const start = deadlineOn(today).toMillis() > now.getTime() ? today : today.plus({ days: 1 });
  const { dates } = recurrenceOccurrences(rule, { year: start.year, month: start.month, day: start.day }, zone);
  const deadlines = dates
    .map((date) => deadlineOn(date).toJSDate())
    .filter((deadline) => !rule.until?.instant || deadline.getTime() <= rule.until.instant.getTime());
  if (deadlines.length === 0) throw new RecurrenceBoundError('TASK.RECURRENCE_NO_OCCURRENCE', `${FIELD} yields no occurrence within ${RECURRENCE_LIMITS.years} years from today`);
  return deadlines;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * The local dates a rule yields from `start` on, searched within RECURRENCE_LIMITS.years of it (a
 * rule whose UNTIL lies beyond is refused before any date is looked at), and how many candidate
 * dates were examined — at most a window's days, whatever the rule. RFC 5545 semantics for the
 * subset: WEEKLY periods are weeks starting on Monday, MONTHLY periods months, each INTERVAL-th
 * from the one holding `start`; BYDAY and BYMONTHDAY each match any of their values and both must
 * match; with neither, the occurrence falls on `start`'s weekday (WEEKLY) or day of the month.
 *
 * Why not the rrule library (which did this before): it checks UNTIL only against dates that
 * match, so a rule that never matches (BYDAY=2MO;BYMONTHDAY=1) walks every day up to the year 9999
 * however the search is bounded. The test suite checks this against rrule on rules that match.
 */
export function recurrenceOccurrences(rule: RecurrenceRule, start: LocalDate, zone: string): { dates: LocalDate[]; examined: number } {
  const first = dayNumber(start);
  const firstDate = calendarDay(first);
  const last = dayNumber({ ...start, year: start.year + RECURRENCE_LIMITS.years }) - 1;
  let end = last;
  if (rule.until) {
    const local = rule.until.instant ? DateTime.fromJSDate(rule.until.instant, { zone }) : rule.until;
    end = dayNumber({ year: local.year, month: local.month, day: local.day });
    if (end > last) {
      throw new RecurrenceBoundError('TASK.RECURRENCE_BEYOND_WINDOW', `${FIELD}: UNTIL must fall within ${RECURRENCE_LIMITS.years} years from today`);
    }
  }
  const matches = matcher(rule, firstDate);
  const dates: LocalDate[] = [];
  let examined = 0;
  for (let k = 0; ; k += 1) {
    // Each period: its first day and its length (a week from Monday, or a month).
    let from: number;
    let length: number;
    if (rule.freq === 'WEEKLY') {
      from = first - firstDate.weekday + 7 * rule.interval * k;
      length = 7;
    } else {
      const month = start.year * 12 + start.month - 1 + rule.interval * k;
      from = dayNumber({ year: Math.floor(month / 12), month: (month % 12) + 1, day: 1 });
      length = calendarDay(from).monthLength;
    }
    if (from > end) break;
    const period = calendarDay(from);
    for (let n = Math.max(from, first); n < from + length && n <= end; n += 1) {
      examined += 1;
      // Within a month only the day and the weekday change; a week may cross into the next month.
      const date = rule.freq === 'MONTHLY' ? { ...period, day: n - from + 1, weekday: (period.weekday + n - from) % 7 } : calendarDay(n);
      if (!matches(date)) continue;
      dates.push({ year: date.year, month: date.month, day: date.day });
      if (rule.count !== null && dates.length === rule.count) return { dates, examined };
      if (dates.length > RECURRENCE_LIMITS.occurrences) {
        throw new RecurrenceBoundError('TASK.RECURRENCE_TOO_MANY', `${FIELD} yields more than ${RECURRENCE_LIMITS.occurrences} occurrences; shorten UNTIL or use COUNT`);
      }
    }
  }
  if (rule.count !== null && dates.length > 0) {
    throw new RecurrenceBoundError(
      'TASK.RECURRENCE_BEYOND_WINDOW',
      `${FIELD}: only ${dates.length} of COUNT=${rule.count} occurrences fall within ${RECURRENCE_LIMITS.years} years from today`,
    );
  }
  return { dates, examined };
}

interface CalendarDay extends LocalDate {
  /** 0 = Monday … 6 = Sunday, as in RecurrenceRule.byDay. */
  weekday: number;
  monthLength: number;
}

const DAY = 86_400_000;
/** Days since 1970-01-01 of a calendar date (plain arithmetic: the search examines up to five years of them). */
const dayNumber = (date: LocalDate): number => Date.UTC(date.year, date.month - 1, date.day) / DAY;

function calendarDay(n: number): CalendarDay {
  const date = new Date(n * DAY);
  const [year, month] = [date.getUTCFullYear(), date.getUTCMonth() + 1];
  return { year, month, day: date.getUTCDate(), weekday: (date.getUTCDay() + 6) % 7, monthLength: new Date(Date.UTC(year, month, 0)).getUTCDate() };
}

/** Whether a candidate date is an occurrence of the rule. */
function matcher(rule: RecurrenceRule, first: CalendarDay): (date: CalendarDay) => boolean {
  const byDay = rule.byDay.length > 0 ? rule.byDay : rule.byMonthDay.length > 0 || rule.freq === 'MONTHLY' ? [] : [{ weekday: first.weekday, n: null }];
  const byMonthDay = rule.byMonthDay.length > 0 || rule.byDay.length > 0 || rule.freq === 'WEEKLY' ? rule.byMonthDay : [first.day];
  return (date) => {
    const dayOk = byMonthDay.length === 0 || byMonthDay.some((n) => (n > 0 ? date.day === n : date.day === date.monthLength + n + 1));
    const weekdayOk =
      byDay.length === 0 ||
      byDay.some(
        ({ weekday, n }) =>
          date.weekday === weekday && (n === null || (n > 0 ? Math.ceil(date.day / 7) === n : Math.floor((date.monthLength - date.day) / 7) + 1 === -n)),
      );
    return dayOk && weekdayOk;
  };
}

/** A rule outside the bounds of the SPEC: a 400 naming `recurrence.rrule`, with its own code for kk/ru/en. */
export class RecurrenceBoundError extends ValidationError {
  constructor(code: string, message: string) {
    super(FIELD, message, code);
    Object.assign(this.params, { years: RECURRENCE_LIMITS.years, occurrences: RECURRENCE_LIMITS.occurrences });
  }
}

/** Occurrences × executors beyond what one issue may create. */
export class TooManyInstancesError extends ValidationError {
  constructor(requested: number) {
    super(FIELD, `the rule issues ${requested} instances; at most ${RECURRENCE_LIMITS.instances} are allowed`, 'TASK.TOO_MANY_INSTANCES');
    Object.assign(this.params, { instances: RECURRENCE_LIMITS.instances, requested });
  }
}
