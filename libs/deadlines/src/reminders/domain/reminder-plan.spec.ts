import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@kelisim/kernel';
import { WorkingCalendar } from '../../calendar/domain/working-calendar.js';
import { type DeadlineAudience, planReminders, type Recipient, reminderCeiling, withSubstitutes } from './reminder-plan.js';
import { isShortNotice, parseReminderPolicy } from './reminder-policy.js';

const calendar = new WorkingCalendar();
const ALMATY = 'Asia/Almaty';
const executor: Recipient = { id: 'exec', timeZone: ALMATY };
const controller: Recipient = { id: 'ctrl', timeZone: ALMATY };
const head: Recipient = { id: 'head', timeZone: ALMATY };
const recipients = new Map([executor, controller, head].map((r) => [r.id, r]));
const audience: DeadlineAudience = { executor: ['exec'], co_executors: [], controller: ['ctrl'], executor_head: ['head'] };
// Friday 27 Nov 2026, 18:00 in Almaty.
const dueAt = new Date('2026-11-27T13:00:00Z');
const monday = new Date('2026-11-23T04:00:00Z'); // 09:00 Almaty

const plan = (policy: ReturnType<typeof parseReminderPolicy> | null, now = monday) =>
  planReminders({ dueAt, policy, audience, recipients, now, calendar }).map((p) => ({
    key: p.offsetKey,
    to: p.recipientId,
    at: p.fireAt.toISOString(),
    overdue: p.overdue,
  }));

describe('reminder policy', () => {
  it('Parse_TheSpecsForms_Succeeds', () => {
    const policy = parseReminderPolicy([{ before: 'P3D' }, { before: 'PT10S', to: ['executor', 'controller'] }, { after: 'P1D' }, { beforeWorkingDays: 3 }]);
    expect(policy.map((p) => p.offset)).toEqual([
      { kind: 'before', duration: 'P3D' },
      { kind: 'before', duration: 'PT10S' },
      { kind: 'after', duration: 'P1D' },
      { kind: 'beforeWorkingDays', days: 3 },
    ]);
    expect(policy[0].to).toEqual(['executor']);
  });

  it.each([
    [{}, 'reminderPolicy[0]'],
    [{ before: 'P3D', after: 'P1D' }, 'reminderPolicy[0]'],
    [{ before: '3 days' }, 'reminderPolicy[0].before'],
    [{ before: 'P2Y' }, 'reminderPolicy[0].before'],
    [{ beforeWorkingDays: -1 }, 'reminderPolicy[0].beforeWorkingDays'],
    [{ beforeWorkingDays: 1.5 }, 'reminderPolicy[0].beforeWorkingDays'],
    [{ before: 'P1D', to: ['everyone'] }, 'reminderPolicy[0].to'],
    [{ before: 'P1D', when: 'now' }, 'reminderPolicy[0].when'],
  ])('Parse_%j_IsAValidationErrorNaming_%s', (item, field) => {
    expect(() => parseReminderPolicy([item])).toThrow(ValidationError);
    try {
      parseReminderPolicy([item]);
    } catch (error) {
      expect((error as ValidationError).params.field).toBe(field);
    }
  });

  it('ShortNotice_IsUnderAnHour', () => {
    expect(isShortNotice({ kind: 'before', duration: 'PT10M' })).toBe(true);
    expect(isShortNotice({ kind: 'before', duration: 'PT1H' })).toBe(false);
    expect(isShortNotice({ kind: 'beforeWorkingDays', days: 0 })).toBe(false);
  });
});

describe('planning reminders', () => {
  it('DefaultPolicy_ExecutorAt3And1WorkingDaysBefore_ThenTheEscalationLadder', () => {
    expect(plan(null)).toEqual([
      { key: 'beforeWorkingDays:3', to: 'exec', at: '2026-11-24T13:00:00.000Z', overdue: false },
      { key: 'beforeWorkingDays:1', to: 'exec', at: '2026-11-26T13:00:00.000Z', overdue: false },
      { key: 'after:PT0S', to: 'exec', at: '2026-11-27T13:00:00.000Z', overdue: true },
      { key: 'after:PT0S', to: 'ctrl', at: '2026-11-27T13:00:00.000Z', overdue: true },
      // Monday and Tuesday are the next working days; the head hears on the second, at 09:00.
      { key: 'daily:1', to: 'exec', at: '2026-11-30T04:00:00.000Z', overdue: true },
      { key: 'afterWorkingDays:2', to: 'head', at: '2026-12-01T04:00:00.000Z', overdue: true },
    ]);
  });

  it('QuietHours_AReminderDueAtNightWaitsForTheNextWorkingMorning', () => {
    const night = plan(parseReminderPolicy([{ before: 'PT20H' }])); // Thursday 22:00 Almaty
    expect(night.find((p) => p.key === 'before:PT20H')?.at).toBe('2026-11-27T04:00:00.000Z'); // Friday 09:00
    const weekend = plan(parseReminderPolicy([{ after: 'P1D' }])); // Saturday 18:00
    expect(weekend.find((p) => p.key === 'after:P1D')?.at).toBe('2026-11-30T04:00:00.000Z'); // Monday 09:00
  });

  it('QuietHours_UnderAnHourFiresOnTime', () => {
    const late = new Date('2026-11-27T18:30:00Z'); // 23:30 Almaty
    const planned = planReminders({ dueAt: late, policy: parseReminderPolicy([{ before: 'PT10M' }]), audience, recipients, now: monday, calendar });
    expect(planned.find((p) => p.offsetKey === 'before:PT10M')?.fireAt.toISOString()).toBe('2026-11-27T18:20:00.000Z');
  });

  it('PastRemindersBeforeTheDeadline_AreDropped_OverdueOnesKept', () => {
    const thursday = new Date('2026-11-26T14:00:00Z');
    const planned = plan(null, thursday);
    expect(planned.map((p) => p.key)).not.toContain('beforeWorkingDays:3');
    expect(planned.map((p) => p.key)).not.toContain('beforeWorkingDays:1');
    expect(planned.filter((p) => p.key === 'after:PT0S')).toHaveLength(2);
  });

  it('ReplacedPolicy_ReplacesTheDefaultList_TheLadderStillWarnsAtTheDeadline_WithoutTheDailyRepeat', () => {
    const planned = plan(parseReminderPolicy([{ before: 'PT8S' }]));
    expect(planned.map((p) => `${p.key}|${p.to}`).sort()).toEqual(['after:PT0S|ctrl', 'after:PT0S|exec', 'afterWorkingDays:2|head', 'before:PT8S|exec']);
  });

  it('PolicyWithItsOwnOverdueNotice_EachRecipientGetsOneOverdueNotice_TheLadderAddsNone', () => {
    const planned = plan(parseReminderPolicy([{ before: 'PT8S' }, { after: 'PT1S', to: ['executor', 'controller'] }]));
    expect(planned.filter((p) => p.overdue).map((p) => `${p.key}|${p.to}`).sort()).toEqual(['after:PT1S|ctrl', 'after:PT1S|exec', 'afterWorkingDays:2|head']);
  });

  it.each([
    [[{ after: 'P0D', to: ['executor', 'controller'] }], 'after:P0D'],
    [[{ afterWorkingDays: 0, to: ['executor', 'controller', 'executor_head'] }], 'afterWorkingDays:0'],
    [[{ before: 'PT0S', to: ['executor', 'controller', 'executor_head'] }], 'before:PT0S'],
  ])('PolicyAt%jTheDeadline_SpelledOtherwise_IsNotDoubledByTheLadder', (items, key) => {
    const planned = plan(parseReminderPolicy(items));
    const overdue = planned.filter((p) => p.overdue);
    for (const who of ['exec', 'ctrl']) expect(overdue.filter((p) => p.to === who).map((p) => p.key)).toEqual([key]);
  });

  it('PolicyAskingForTwoOverdueNotices_GetsBoth', () => {
    const planned = plan(parseReminderPolicy([{ after: 'PT0S' }, { after: 'P1D' }]));
    expect(planned.filter((p) => p.to === 'exec' && p.overdue).map((p) => p.key)).toEqual(['after:PT0S', 'after:P1D']);
    // The controller is not in that policy: the ladder warns them once, at the deadline.
    expect(planned.filter((p) => p.to === 'ctrl').map((p) => p.key)).toEqual(['after:PT0S']);
  });

  it('HeadWhoIsAlsoTheController_IsWarnedOnce', () => {
    const planned = planReminders({ dueAt, policy: null, audience: { ...audience, executor_head: ['ctrl'] }, recipients, now: monday, calendar });
    expect(planned.filter((p) => p.recipientId === 'ctrl').map((p) => p.offsetKey)).toEqual(['after:PT0S']);
  });

  it('ReminderCeiling_BoundsWhatIsPlanned', () => {
    const sizes = { executor: 1, co_executors: 3, controller: 1, executor_head: 1 };
    const policy = parseReminderPolicy([{ before: 'P1D', to: ['executor', 'co_executors'] }, { after: 'PT1S', to: ['controller'] }]);
    // 4 + 1 for the policy, 2 + 1 for the ladder.
    expect(reminderCeiling(policy, sizes)).toBe(8);
    // 1 + 1 before, 2 + 1 ladder, 1 daily.
    expect(reminderCeiling(null, sizes)).toBe(6);
    const many = { ...audience, co_executors: ['c1', 'c2', 'c3'] };
    const people = new Map([...recipients, ...['c1', 'c2', 'c3'].map((id) => [id, { id, timeZone: ALMATY }] as const)]);
    for (const p of [policy, null]) {
      expect(planReminders({ dueAt, policy: p, audience: many, recipients: people, now: monday, calendar }).length).toBeLessThanOrEqual(reminderCeiling(p, sizes));
    }
  });

  it('SamePersonInTwoRoles_GetsOneReminderPerOffset', () => {
    const planned = planReminders({ dueAt, policy: null, audience: { ...audience, controller: ['exec'] }, recipients, now: monday, calendar });
    expect(planned.filter((p) => p.offsetKey === 'after:PT0S')).toHaveLength(1);
  });

  it('RecipientsTimeZone_DecidesTheirWorkingHours', () => {
    const far: Recipient = { id: 'exec', timeZone: 'America/New_York' };
    const planned = planReminders({ dueAt, policy: parseReminderPolicy([{ before: 'PT2H' }]), audience, recipients: new Map([['exec', far]]), now: monday, calendar });
    // 11:00 UTC is 06:00 in New York: it waits for 09:00 there.
    expect(planned.find((p) => p.offsetKey === 'before:PT2H')?.fireAt.toISOString()).toBe('2026-11-27T14:00:00.000Z');
  });
});

describe('reminders of those who are away (И.о.)', () => {
  const planned = planReminders({ dueAt, policy: parseReminderPolicy([{ before: 'P1D' }]), audience, recipients, now: monday, calendar });
  const copies = (subs: Parameters<typeof withSubstitutes>[1], now = monday) =>
    withSubstitutes(planned, subs, now)
      .filter((p) => p.actingFor)
      .map((p) => ({ key: p.offsetKey, to: p.recipientId, for: p.actingFor, at: p.fireAt.toISOString() }));
  const week = { from: monday, to: new Date('2026-11-30T04:00:00Z') };

  it('WithSubstitutes_ADeputyDuringTheWholeWeek_GetsACopyOfEachOfThePrincipalsReminders_AtTheSameTimes', () => {
    const own = planned.filter((p) => p.recipientId === 'exec');
    expect(copies([{ principalId: 'exec', deputyId: 'deputy', ...week }])).toEqual(own.map((p) => ({ key: p.offsetKey, to: 'deputy', for: 'exec', at: p.fireAt.toISOString() })));
  });

  it('WithSubstitutes_ASubstitutionEndingBeforeTheReminders_CopiesNothing', () => {
    expect(copies([{ principalId: 'exec', deputyId: 'deputy', from: monday, to: new Date('2026-11-24T04:00:00Z') }])).toEqual([]);
  });

  it('WithSubstitutes_ADeputyRemindedInTheirOwnRight_GetsNoSecondRowForTheSameOffset', () => {
    // The controller acts for the executor: both are reminded at the deadline; the controller keeps one row per offset.
    const all = withSubstitutes(planned, [{ principalId: 'exec', deputyId: 'ctrl', ...week }], monday);
    const keys = all.filter((p) => p.recipientId === 'ctrl').map((p) => p.offsetKey);
    expect(keys).toEqual([...new Set(keys)]);
    expect(all.filter((p) => p.recipientId === 'ctrl' && p.offsetKey === 'after:PT0S')).toHaveLength(1);
  });
});
