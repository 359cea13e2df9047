import { DateTime } from 'luxon';
import rrule from 'rrule';
import { ValidationError } from '@kelisim/kernel';

const { RRule, Weekday } = rrule;

export const RECURRENCE_LIMITS = {
  /** Occurrences one rule may yield: instances are created ahead of time. */
  occurrences: 60,
  /** Instances of one issue (occurrences × executors): they are written in one transaction. */
  instances: 5_000,
  interval: 12,
  rule: 500,
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
const invalid = (message: string): ValidationError => new ValidationError(FIELD, message);

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
 * A date-only UNTIL is the last local date; a UTC UNTIL bounds the deadlines themselves.
 */
export function recurrenceDeadlines(recurrence: Recurrence, zone: string, now: Date): Date[] {
  const rule = parseRecurrenceRule(recurrence.rrule);
  const time = DUE_TIME.exec(recurrence.dueTime ?? '18:00');
  if (!time) throw new ValidationError('recurrence.dueTime', 'recurrence.dueTime must be a local time HH:mm');
  const [hour, minute] = [Number(time[1]), Number(time[2])];
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const deadlineOn = (date: { year: number; month: number; day: number }): DateTime =>
    DateTime.fromObject({ year: date.year, month: date.month, day: date.day, hour, minute }, { zone });
  const start = deadlineOn(today).toMillis() > now.getTime() ? today : today.plus({ days: 1 });

  // rrule computes in "floating" time: local dates carried in UTC fields, read back as local dates.
  const floating = (date: { year: number; month: number; day: number }): Date => new Date(Date.UTC(date.year, date.month - 1, date.day));
  let untilDate: { year: number; month: number; day: number } | null = null;
  if (rule.until) {
    untilDate = rule.until.instant ? DateTime.fromJSDate(rule.until.instant, { zone }) : rule.until;
  }
  const generator = new RRule({
    freq: rule.freq === 'WEEKLY' ? RRule.WEEKLY : RRule.MONTHLY,
    interval: rule.interval,
    dtstart: floating(start),
    wkst: RRule.MO,
    ...(rule.byDay.length ? { byweekday: rule.byDay.map((d) => new Weekday(d.weekday, d.n ?? undefined)) } : {}),
    ...(rule.byMonthDay.length ? { bymonthday: rule.byMonthDay } : {}),
    ...(rule.count !== null ? { count: rule.count } : {}),
    ...(untilDate ? { until: floating(untilDate) } : {}),
  });
  const limit = RECURRENCE_LIMITS.occurrences;
  const dates = generator.all((_, i) => i <= limit);
  if (dates.length > limit) throw invalid(`${FIELD} yields more than ${limit} occurrences; shorten UNTIL or use COUNT`);
  const deadlines = dates
    .map((d) => deadlineOn({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }).toJSDate())
    .filter((deadline) => !rule.until?.instant || deadline.getTime() <= rule.until.instant.getTime());
  if (deadlines.length === 0) throw invalid(`${FIELD} yields no occurrence after today`);
  return deadlines;
}
