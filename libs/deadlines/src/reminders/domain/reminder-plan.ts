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
  /** A copy for the official acting for this person (И.о.) when it fires. */
  actingFor?: string;
}

/** A recorded substitution as the reminders see it: `deputyId` acts for `principalId` during [from, to). */
export interface Substitute {
  principalId: string;
  deputyId: string;
  from: Date;
  to: Date;
}

/**
 * The reminders of those who are away, copied to the officials acting for them: each reminder that
 * fires while a substitution of its recipient lasts (one already due fires now) goes to the deputy
 * too, under the same offset, so the deputy still gets each reminder at most once (the key is
 * subject, revision, offset, recipient: a deputy who is also reminded in their own right keeps
 * their own row).
 */
export function withSubstitutes(plan: readonly PlannedReminder[], substitutes: readonly Substitute[], now: Date): PlannedReminder[] {
  if (substitutes.length === 0) return [...plan];
  const taken = new Set(plan.map((p) => `${p.offsetKey}|${p.recipientId}`));
  const copies: PlannedReminder[] = [];
  for (const p of plan) {
    if (p.actingFor) continue;
    const fires = Math.max(p.fireAt.getTime(), now.getTime());
    for (const s of substitutes) {
      if (s.principalId !== p.recipientId || fires < s.from.getTime() || fires >= s.to.getTime()) continue;
      const key = `${p.offsetKey}|${s.deputyId}`;
      if (taken.has(key)) continue;
      taken.add(key);
      copies.push({ ...p, recipientId: s.deputyId, actingFor: p.recipientId });
    }
  }
  return [...plan, ...copies].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

export const DAILY_KEY = (n: number): string => `daily:${n}`;
export const AT_DEADLINE_KEY = 'after:PT0S';
export const HEAD_KEY = `afterWorkingDays:${ESCALATION.headAfterWorkingDays}`;

/**
 * Turns a deadline and its policy into reminder rows: the policy's items (or the default list),
 * then the escalation ladder where the policy leaves a gap. Each recipient gets one overdue notice
 * per deadline revision unless the policy itself asks for more: the ladder's notice at the deadline
 * (executor, controller) and after two working days (executor's head) goes only to those the
 * policy gives no overdue notice of their own, and the daily repeat belongs to the default list.
 * Reminders before the deadline that are already past are dropped (a "3 days before" arriving 1
 * day before misleads); overdue notices are kept and fire at once. Quiet hours: a reminder outside
 * 09:00–18:00 of the recipient's working day waits for the next working morning, unless it asked
 * for less than an hour's notice.
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
  const planned = new Map<string, PlannedReminder>();
  // Recipients in one zone share each fire time (ten parties of a memorandum usually do).
  const fireTimes = new Map<string, Date>();
  const plan = (item: ReminderPolicyItem, skip: ReadonlySet<string> = new Set()): void => {
    const key = offsetKey(item.offset);
    for (const recipientId of resolveAudience(item.to, audience)) {
      const recipient = recipients.get(recipientId);
      if (!recipient || skip.has(recipientId)) continue;
      let fireAt = fireTimes.get(`${key}|${recipient.timeZone}`);
      if (!fireAt) {
        fireAt = fireTime(item.offset, dueAt, recipient.timeZone, calendar);
        fireTimes.set(`${key}|${recipient.timeZone}`, fireAt);
      }
      const overdue = fireAt.getTime() >= dueAt.getTime();
      if (!overdue && fireAt.getTime() < now.getTime()) continue;
      planned.set(`${key}|${recipientId}`, { offsetKey: key, recipientId, overdue, fireAt });
    }
  };
  for (const item of input.policy ?? DEFAULT_POLICY) plan(item);
  for (const step of LADDER) plan(step, warned(planned.values()));
  if (input.policy === null) {
    for (const recipientId of resolveAudience(ESCALATION.dailyTo, audience)) {
      const recipient = recipients.get(recipientId);
      if (recipient) planned.set(`daily|${recipientId}`, nextDaily(1, dueAt, recipient, calendar));
    }
  }
  return [...planned.values()].sort((a, b) => a.fireAt.getTime() - b.fireAt.getTime());
}

/** The escalation ladder's steps, each planned only for those not yet told that the deadline passed. */
const LADDER: readonly ReminderPolicyItem[] = [
  { offset: { kind: 'after', duration: 'PT0S' }, to: ESCALATION.atDeadline },
  { offset: { kind: 'afterWorkingDays', days: ESCALATION.headAfterWorkingDays }, to: ['executor_head'] },
];

function warned(planned: Iterable<PlannedReminder>): Set<string> {
  return new Set([...planned].filter((p) => p.overdue).map((p) => p.recipientId));
}

/**
 * The most reminder rows one deadline can have under `policy` (null: the default list) when its
 * audience holds at most `audience` people per role: what a command checks before it plans them.
 */
export function reminderCeiling(policy: readonly ReminderPolicyItem[] | null, audience: Record<Audience, number>): number {
  const size = (to: readonly Audience[]): number => to.reduce((sum, who) => sum + audience[who], 0);
  const items = policy ?? DEFAULT_POLICY;
  return items.reduce((sum, item) => sum + size(item.to), 0) + LADDER.reduce((sum, step) => sum + size(step.to), 0) + (policy === null ? size(ESCALATION.dailyTo) : 0);
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
