import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@kelisim/kernel';
import { parseRecurrenceRule, recurrenceDeadlines } from './recurrence.js';

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());
// Monday 13 April 2026, 09:00 in Almaty (UTC+5).
const now = new Date('2026-04-13T04:00:00Z');

function fieldOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.field;
    throw error;
  }
  return undefined;
}

describe('recurrence', () => {
  it('Expand_MonthlyOnThe25thWithCount_GivesEachDeadlineAt18LocalInAlmaty', () => {
    expect(iso(recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=25;COUNT=3' }, 'Asia/Almaty', now))).toEqual([
      '2026-04-25T13:00:00.000Z',
      '2026-05-25T13:00:00.000Z',
      '2026-06-25T13:00:00.000Z',
    ]);
  });

  it('Expand_WithDueTime_UsesThatLocalTimeAcrossADaylightSavingChange', () => {
    // Berlin moves from UTC+1 to UTC+2 on 29 March 2026: the local time stays 10:00.
    const deadlines = recurrenceDeadlines({ rrule: 'FREQ=WEEKLY;BYDAY=FR;COUNT=3', dueTime: '10:00' }, 'Europe/Berlin', new Date('2026-03-16T12:00:00Z'));
    expect(iso(deadlines)).toEqual(['2026-03-20T09:00:00.000Z', '2026-03-27T09:00:00.000Z', '2026-04-03T08:00:00.000Z']);
  });

  it('Expand_InTheExecutorsZone_PutsTheSameLocalDeadlineAtDifferentInstants', () => {
    const rule = { rrule: 'FREQ=MONTHLY;BYMONTHDAY=1;COUNT=1' };
    expect(iso(recurrenceDeadlines(rule, 'Asia/Almaty', now))).toEqual(['2026-05-01T13:00:00.000Z']);
    expect(iso(recurrenceDeadlines(rule, 'Europe/Moscow', now))).toEqual(['2026-05-01T15:00:00.000Z']);
  });

  it('Expand_ByMonthDay31_SkipsMonthsWithoutIt', () => {
    const deadlines = recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3' }, 'Asia/Almaty', now);
    expect(iso(deadlines)).toEqual(['2026-05-31T13:00:00.000Z', '2026-07-31T13:00:00.000Z', '2026-08-31T13:00:00.000Z']);
  });

  it('Expand_ByMonthDayMinus1_FallsOnEveryMonthsLastDay', () => {
    const deadlines = recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20260630' }, 'Asia/Almaty', new Date('2026-01-31T14:00:00Z'));
    // 31 January 18:00 has passed at 19:00 local: the series starts in February (not a leap year).
    expect(iso(deadlines)).toEqual([
      '2026-02-28T13:00:00.000Z',
      '2026-03-31T13:00:00.000Z',
      '2026-04-30T13:00:00.000Z',
      '2026-05-31T13:00:00.000Z',
      '2026-06-30T13:00:00.000Z',
    ]);
  });

  it('Expand_TodayBeforeTheDueTime_IncludesToday', () => {
    const deadlines = recurrenceDeadlines({ rrule: 'FREQ=WEEKLY;BYDAY=MO,WE;COUNT=3' }, 'Asia/Almaty', now);
    expect(iso(deadlines)).toEqual(['2026-04-13T13:00:00.000Z', '2026-04-15T13:00:00.000Z', '2026-04-20T13:00:00.000Z']);
  });

  it('Expand_WeeklyWithIntervalAndUntilDate_StopsOnTheUntilDayInclusive', () => {
    const deadlines = recurrenceDeadlines({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260526' }, 'Asia/Almaty', now);
    expect(iso(deadlines)).toEqual([
      '2026-04-14T13:00:00.000Z',
      '2026-04-28T13:00:00.000Z',
      '2026-05-12T13:00:00.000Z',
      '2026-05-26T13:00:00.000Z',
    ]);
  });

  it('Expand_WithUtcUntil_DropsDeadlinesAfterThatInstant', () => {
    // 26 May 18:00 in Almaty is 13:00 UTC: an UNTIL of 12:00 UTC that day excludes it.
    const deadlines = recurrenceDeadlines({ rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260526T120000Z' }, 'Asia/Almaty', now);
    expect(deadlines).toHaveLength(3);
  });

  it('Expand_MonthlyLastFriday_FindsTheLastFridayOfEachMonth', () => {
    const deadlines = recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=2' }, 'Asia/Almaty', now);
    expect(iso(deadlines)).toEqual(['2026-04-24T13:00:00.000Z', '2026-05-29T13:00:00.000Z']);
  });

  it('Expand_UntilBeyondSixtyOccurrences_IsRefused', () => {
    expect(fieldOf(() => recurrenceDeadlines({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE;UNTIL=20270101' }, 'Asia/Almaty', now))).toBe('recurrence.rrule');
  });

  it('Expand_UntilInThePast_IsRefused', () => {
    expect(fieldOf(() => recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;UNTIL=20260101' }, 'Asia/Almaty', now))).toBe('recurrence.rrule');
  });

  it('Expand_BadDueTime_NamesRecurrenceDueTime', () => {
    expect(fieldOf(() => recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;COUNT=1', dueTime: '25:00' }, 'Asia/Almaty', now))).toBe('recurrence.dueTime');
  });

  it.each([
    ['FREQ=DAILY;COUNT=3'],
    ['FREQ=YEARLY;COUNT=3'],
    ['FREQ=MONTHLY'],
    ['FREQ=MONTHLY;COUNT=61'],
    ['FREQ=MONTHLY;COUNT=0'],
    ['FREQ=MONTHLY;COUNT=2;UNTIL=20261231'],
    ['FREQ=MONTHLY;BYMONTHDAY=32;COUNT=2'],
    ['FREQ=MONTHLY;BYMONTHDAY=0;COUNT=2'],
    ['FREQ=WEEKLY;BYDAY=XX;COUNT=2'],
    ['FREQ=WEEKLY;BYDAY=1MO;COUNT=2'],
    ['FREQ=WEEKLY;BYMONTHDAY=3;COUNT=2'],
    ['FREQ=MONTHLY;BYSETPOS=1;COUNT=2'],
    ['FREQ=MONTHLY;INTERVAL=0;COUNT=2'],
    ['FREQ=MONTHLY;UNTIL=2026'],
    ['FREQ=MONTHLY;UNTIL=20260230'],
    ['FREQ=MONTHLY;COUNT=2;COUNT=3'],
    ['DTSTART=20260101;FREQ=MONTHLY;COUNT=2'],
    ['not a rule'],
    [''],
  ])('Parse_%s_IsRefusedNamingTheRule', (text) => {
    expect(fieldOf(() => parseRecurrenceRule(text))).toBe('recurrence.rrule');
  });

  it('Parse_TheSubset_ReadsEveryPart', () => {
    expect(parseRecurrenceRule('RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO,-1FR;UNTIL=20261231T180000Z')).toEqual({
      freq: 'MONTHLY',
      interval: 2,
      byDay: [
        { weekday: 0, n: 1 },
        { weekday: 4, n: -1 },
      ],
      byMonthDay: [],
      count: null,
      until: { year: 2026, month: 12, day: 31, instant: new Date('2026-12-31T18:00:00Z') },
    });
  });
});
