import { DAY_MS, fromWall, toWall } from '@kelisim/kernel';
import {
  type Audience,
  DEFAULT_POLICY,
  durationOf,
  ESCALATION,
  isShortNotice,
  offsetKey,
  type ReminderOffset,
  type ReminderPolicyItem,
} from './reminder-policy.js';
import type { WorkingDays } from './working-days.js';

export type DeadlineKind = 'task' | 'memorandum_stage';

/** Who stands behind each audience of one deadline. */
export interface DeadlineAudience {
  executor: string[];
  co_executors: string[];
  controller: string[];
  executor_head: string[];
}

export interface Recipient {
  id: string;
  timeZone: string;
}

export interface PlannedReminder {
  offsetKey: string;
  recipientId: string;
  /** before the deadline: a reminder; at or after it: an overdue notice. */
  overdue: boolean;
  fireAt: Date;
}

export const DAILY_KEY = (n: number): string => `daily:${n}`;
export const AT_DEADLINE_KEY = 'after:PT0S';
export const HEAD_KEY = `afterWorkingDays:${ESCALATION.headAfterWorkingDays}`;

/**
 * Turns a deadline and its policy into reminder rows: the policy's items (or the default), then the
 * escalation ladder. Reminders before the deadline that are already past are dropped (a "3 days
 * before" arriving 1 day before misleads); overdue notices are kept and fire at once. Quiet hours:
 * a reminder outside 09:00–18:00 of the recipient's working day waits for the next working
 * morning, unless it asked for less than an hour's notice.
 */
export function planReminders(input: {
  dueAt: Date;
  policy: readonly ReminderPolicyItem[] | null;
  audience: DeadlineAudience;
  recipients: ReadonlyMap<string, Recipient>;
  now: Date;
  calendar: WorkingDays;
}): PlannedReminder[] {
  const { dueAt, audience, recipients, now, calendar } = input;
  const items: ReminderPolicyItem[] = [
    ...(input.policy ?? DEFAULT_POLICY),
    { offset: { kind: 'after', duration: 'PT0S' }, to: ESCALATION.atDeadline },
    { offset: { kind: 'afterWorkingDays', days: ESCALATION.headAfterWorkingDays }, to: ['executor_head'] },
  ];
  const planned = new Map<string, PlannedReminder>();
  // Recipients in one zone share each fire time (ten parties of a memorandum usually do).
  const fireTimes = new Map<string, Date>();
  for (const item of items) {
    const key = offsetKey(item.offset);
    for (const recipientId of resolveAudience(item.to, audience)) {
      const recipient = recipients.get(recipientId);
      if (!recipient) continue;
      let fireAt = fireTimes.get(`${key}|${recipient.timeZone}`);
      if (!fireAt) {
        fireAt = fireTime(item.offset, dueAt, recipient.timeZone, calendar);
        fireTimes.set(`${key}|${recipient.timeZone}`, fireAt);
      }
      const overdue = fireAt.getTime() >= dueAt.getTime();
      if (!overdue && fireAt.getTime() < now.getTime()) continue;
      planned.set(`${key}|${recipientId}`, { offsetKey: key, recipientId, overdue, fireAt });
    }
  }
  for (const recipientId of resolveAudience(ESCALATION.dailyTo, audience)) {
    const recipient = recipients.get(recipientId);
    if (recipient) planned.set(`daily|${recipientId}`, nextDaily(1, dueAt, recipient, calendar));
  }
  return [...planned.values()].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

/** The n-th daily overdue reminder: 09:00 on each working day after the deadline, until done. */
export function nextDaily(n: number, dueAt: Date, recipient: Recipient, calendar: WorkingDays): PlannedReminder {
  let at = dueAt;
  for (let i = 0; i < n; i += 1) at = calendar.nextWorkingDayAt(at, recipient.timeZone, '09:00');
  return { offsetKey: DAILY_KEY(n), recipientId: recipient.id, overdue: true, fireAt: at };
}

export function resolveAudience(to: readonly Audience[], audience: DeadlineAudience): string[] {
  return [...new Set(to.flatMap((who) => audience[who] ?? []))];
}

function fireTime(offset: ReminderOffset, dueAt: Date, timeZone: string, calendar: WorkingDays): Date {
  let at: Date;
  switch (offset.kind) {
    case 'before':
    case 'after': {
      // Days move the wall clock (a day before 18:00 is 18:00 the day before, whatever the offset did).
      const { days, ms } = durationOf(offset.duration);
      const sign = offset.kind === 'before' ? -1 : 1;
      at = new Date(fromWall(toWall(dueAt.getTime(), timeZone) + sign * (days * DAY_MS + ms), timeZone));
      break;
    }
    case 'beforeWorkingDays':
      at = offset.days === 0 ? dueAt : calendar.subtractWorkingDays(dueAt, offset.days, timeZone);
      break;
    case 'afterWorkingDays':
      at = offset.days === 0 ? dueAt : calendar.addWorkingDays(dueAt, offset.days, timeZone, '09:00');
      break;
  }
  return isShortNotice(offset) ? at : calendar.nextWorkingMorning(at, timeZone);
}
