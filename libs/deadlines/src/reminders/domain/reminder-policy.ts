import { Duration } from 'luxon';
import { ValidationError } from '@kelisim/kernel';

export const AUDIENCES = ['executor', 'co_executors', 'controller', 'executor_head'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** When a reminder fires, relative to the deadline. */
export type ReminderOffset =
  | { kind: 'before'; duration: string }
  | { kind: 'after'; duration: string }
  | { kind: 'beforeWorkingDays'; days: number }
  | { kind: 'afterWorkingDays'; days: number };

export interface ReminderPolicyItem {
  offset: ReminderOffset;
  to: Audience[];
}

/**
 * The SPEC's default list before the deadline: the executor at 3 and 1 working days before. Its
 * overdue part (executor and controller at once, then the executor every working day) is the
 * ladder below plus the daily repeat, which only the default list has.
 */
export const DEFAULT_POLICY: readonly ReminderPolicyItem[] = [
  { offset: { kind: 'beforeWorkingDays', days: 3 }, to: ['executor'] },
  { offset: { kind: 'beforeWorkingDays', days: 1 }, to: ['executor'] },
];

/**
 * The escalation ladder on top of any policy: at the deadline the executor and the controller,
 * after N working days the executor's head — each only when the policy sends them no overdue
 * notice itself. With the default list, the executor then hears every working day until done.
 */
export const ESCALATION = {
  atDeadline: ['executor', 'controller'] as Audience[],
  headAfterWorkingDays: 2,
  dailyTo: ['executor'] as Audience[],
};

const MAX_ITEMS = 20;
const MAX_DURATION_DAYS = 366;

/**
 * Reads a policy as the API receives it: `[{"before": "P3D"}, {"beforeWorkingDays": 1, "to": ["executor", "controller"]}]`.
 * Every problem is a ValidationError naming the item's field, e.g. `reminderPolicy[1].before`.
 */
export function parseReminderPolicy(input: unknown, field = 'reminderPolicy'): ReminderPolicyItem[] {
  if (!Array.isArray(input)) throw new ValidationError(field, `${field} must be an array`);
  if (input.length > MAX_ITEMS) throw new ValidationError(field, `${field} may have at most ${MAX_ITEMS} items`);
  return input.map((raw, i) => {
    const at = `${field}[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new ValidationError(at, `${at} must be an object`);
    const item = raw as Record<string, unknown>;
    const known = ['before', 'after', 'beforeWorkingDays', 'afterWorkingDays', 'to'];
    const unknown = Object.keys(item).find((key) => !known.includes(key));
    if (unknown) throw new ValidationError(`${at}.${unknown}`, `${at}.${unknown} is not a known field`);
    const given = known.filter((key) => key !== 'to' && item[key] !== undefined);
    if (given.length !== 1) {
      throw new ValidationError(at, `${at} needs exactly one of before, after, beforeWorkingDays, afterWorkingDays`);
    }
    const key = given[0] as 'before' | 'after' | 'beforeWorkingDays' | 'afterWorkingDays';
    const value = item[key];
    let offset: ReminderOffset;
    if (key === 'before' || key === 'after') {
      if (typeof value !== 'string' || !isDuration(value)) {
        throw new ValidationError(`${at}.${key}`, `${at}.${key} must be an ISO-8601 duration such as P3D or PT10M, up to a year`);
      }
      offset = { kind: key, duration: value };
    } else {
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 250) {
        throw new ValidationError(`${at}.${key}`, `${at}.${key} must be a whole number of working days from 0 to 250`);
      }
      offset = { kind: key, days: value as number };
    }
    const to = item.to ?? ['executor'];
    if (!Array.isArray(to) || to.length === 0 || to.some((a) => !(AUDIENCES as readonly unknown[]).includes(a))) {
      throw new ValidationError(`${at}.to`, `${at}.to must list some of ${AUDIENCES.join(', ')}`);
    }
    return { offset, to: [...new Set(to as Audience[])] };
  });
}

function isDuration(text: string): boolean {
  if (!/^P(?!$)(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/.test(text)) return false;
  const duration = Duration.fromISO(text);
  return duration.isValid && duration.as('days') <= MAX_DURATION_DAYS;
}

/** A stable key of an offset: with the task, deadline revision and recipient it names one reminder. */
export function offsetKey(offset: ReminderOffset): string {
  return offset.kind === 'before' || offset.kind === 'after' ? `${offset.kind}:${offset.duration}` : `${offset.kind}:${offset.days}`;
}

const durations = new Map<string, { days: number; ms: number }>();

/** A policy's ISO duration (weeks, days, hours, minutes, seconds) as whole days and the time beyond them. */
export function durationOf(text: string): { days: number; ms: number } {
  let parts = durations.get(text);
  if (!parts) {
    const d = Duration.fromISO(text).shiftTo('weeks', 'days', 'hours', 'minutes', 'seconds', 'milliseconds').toObject();
    parts = {
      days: (d.weeks ?? 0) * 7 + (d.days ?? 0),
      ms: (((d.hours ?? 0) * 60 + (d.minutes ?? 0)) * 60 + (d.seconds ?? 0)) * 1000 + (d.milliseconds ?? 0),
    };
    if (durations.size < 10_000) durations.set(text, parts);
  }
  return parts;
}

/** Reminders that ask for less than an hour's notice fire on time, even in quiet hours. */
export function isShortNotice(offset: ReminderOffset): boolean {
  if (offset.kind !== 'before' && offset.kind !== 'after') return false;
  const { days, ms } = durationOf(offset.duration);
  return days === 0 && ms < 3_600_000;
}

/** The API form of a policy item, as the client wrote it. */
export function policyItemToJson(item: ReminderPolicyItem): Record<string, unknown> {
  const o = item.offset;
  const when = o.kind === 'before' || o.kind === 'after' ? { [o.kind]: o.duration } : { [o.kind]: o.days };
  return { ...when, to: item.to };
}
