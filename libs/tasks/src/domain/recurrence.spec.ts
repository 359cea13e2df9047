import { describe, expect, it } from '@jest/globals';
import rrule from 'rrule';
import { ValidationError } from '@kelisim/kernel';
import { type LocalDate, parseRecurrenceRule, RECURRENCE_LIMITS, recurrenceDeadlines, recurrenceOccurrences } from './recurrence.js';

const { RRule, Weekday } = rrule;

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());
// Monday 13 April 2026, 09:00 in Almaty (UTC+5).
const now = new Date('2026-04-13T04:00:00Z');

function fieldOf(action: () => unknown): string | undefined {
  return refusal(action)?.field;
}

function refusal(action: () => unknown): ValidationError | undefined {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  return undefined;
}

/** Five years of days from the first candidate date, the most the search may look at. */
const WINDOW_DAYS = 5 * 366;

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

  describe('the search is bounded', () => {
    const start: LocalDate = { year: 2026, month: 4, day: 13 };

    it.each([
      ['FREQ=MONTHLY;BYDAY=2MO;BYMONTHDAY=1;COUNT=1'], // the second Monday is never the 1st
      ['FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31;COUNT=1'], // every April, which has no 31st
      ['FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1,2,3;COUNT=1'],
      ['FREQ=MONTHLY;BYMONTHDAY=31;BYDAY=-5SU;UNTIL=20310101'],
    ])('NeverMatching_%s_ExaminesAtMostFiveYearsOfDates_AndIsRefusedNamingTheRule', (text) => {
      const { dates, examined } = recurrenceOccurrences(parseRecurrenceRule(text), start, 'Asia/Almaty');
      expect(dates).toEqual([]);
      expect(examined).toBeGreaterThan(0);
      expect(examined).toBeLessThanOrEqual(WINDOW_DAYS);
      expect(refusal(() => recurrenceDeadlines({ rrule: text }, 'Asia/Almaty', now))).toMatchObject({ field: 'recurrence.rrule', code: 'TASK.RECURRENCE_NO_OCCURRENCE' });
    });

    it('NeverMatching_TheIssuesRule_IsA400InEveryLanguage', () => {
      const error = refusal(() => recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;BYDAY=2MO;BYMONTHDAY=1;COUNT=1' }, 'Asia/Almaty', now));
      expect(error).toMatchObject({ field: 'recurrence.rrule', code: 'TASK.RECURRENCE_NO_OCCURRENCE', params: { years: 5 } });
    });

    it('UntilBeyondFiveYears_IsRefusedBeforeAnyDateIsExamined', () => {
      // Ten years of Mondays would be 522 occurrences: refused on the UNTIL alone.
      const error = refusal(() => recurrenceOccurrences(parseRecurrenceRule('FREQ=MONTHLY;INTERVAL=12;UNTIL=20360101'), start, 'Asia/Almaty'));
      expect(error).toMatchObject({ field: 'recurrence.rrule', code: 'TASK.RECURRENCE_BEYOND_WINDOW' });
    });

    it('CountNotReachedWithinFiveYears_IsRefused_NamingHowManyFit', () => {
      const error = refusal(() => recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;INTERVAL=12;COUNT=6' }, 'Asia/Almaty', now));
      expect(error).toMatchObject({ field: 'recurrence.rrule', code: 'TASK.RECURRENCE_BEYOND_WINDOW' });
      expect(error?.message).toContain('only 5 of COUNT=6');
      expect(recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;INTERVAL=12;COUNT=5' }, 'Asia/Almaty', now)).toHaveLength(5);
    });

    it('MoreThanSixtyOccurrences_StopsAtTheSixtyFirst', () => {
      const error = refusal(() => recurrenceOccurrences(parseRecurrenceRule('FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL=20301231'), start, 'Asia/Almaty'));
      expect(error).toMatchObject({ code: 'TASK.RECURRENCE_TOO_MANY' });
      expect(RECURRENCE_LIMITS.occurrences).toBe(60);
    });

    it('ByDayList_IsASet_AnOrdinalOrAPlainWeekdayMatches', () => {
      // RFC 5545: the first Monday, or any Friday (rrule 2.8 would need both at once and find nothing).
      const dates = recurrenceDeadlines({ rrule: 'FREQ=MONTHLY;BYDAY=1MO,FR;COUNT=4' }, 'Asia/Almaty', now);
      expect(iso(dates)).toEqual(['2026-04-17T13:00:00.000Z', '2026-04-24T13:00:00.000Z', '2026-05-01T13:00:00.000Z', '2026-05-04T13:00:00.000Z']);
    });
  });

  describe('the same dates as the rrule library, wherever it finds them', () => {
    const weekly = ['', 'MO', 'TU,TH', 'SA,SU', 'MO,WE,FR'];
    const monthly = ['', 'MO', 'SU', '1MO', '-1FR', '2WE,4SU', '5TH', '-2TU'];
    const monthDays = ['', '1', '15', '31', '-1', '29,30', '-3,10'];
    const starts: LocalDate[] = [
      { year: 2026, month: 4, day: 13 },
      { year: 2027, month: 1, day: 31 },
      { year: 2028, month: 2, day: 29 },
      { year: 2026, month: 12, day: 28 },
    ];
    const rules: string[] = [];
    for (const interval of [1, 2, 3, 12]) {
      for (const day of weekly) rules.push(`FREQ=WEEKLY;INTERVAL=${interval}${day ? `;BYDAY=${day}` : ''}`);
      for (const day of monthly) for (const monthDay of monthDays) rules.push(`FREQ=MONTHLY;INTERVAL=${interval}${day ? `;BYDAY=${day}` : ''}${monthDay ? `;BYMONTHDAY=${monthDay}` : ''}`);
    }

    const withRrule = (text: string, start: LocalDate, end: string): LocalDate[] => {
      const rule = parseRecurrenceRule(text);
      const floating = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day));
      const until = rule.until ?? { year: Number(end.slice(0, 4)), month: Number(end.slice(4, 6)), day: Number(end.slice(6, 8)) };
      return new RRule({
        freq: rule.freq === 'WEEKLY' ? RRule.WEEKLY : RRule.MONTHLY,
        interval: rule.interval,
        dtstart: floating(start),
        wkst: RRule.MO,
        ...(rule.byDay.length ? { byweekday: rule.byDay.map((d) => new Weekday(d.weekday, d.n ?? undefined)) } : {}),
        ...(rule.byMonthDay.length ? { bymonthday: rule.byMonthDay } : {}),
        ...(rule.count !== null ? { count: rule.count } : {}),
        until: floating(until),
      })
        .all()
        .map((d) => ({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }));
    };

    it(`Expand_${rules.length * starts.length * 2}RulesAndStarts_AgreeWithRruleWhereverItFindsDates`, () => {
      let compared = 0;
      for (const start of starts) {
        for (const base of rules) {
          for (const bound of ['COUNT=7', `UNTIL=${start.year + 1}0630`]) {
            const text = `${base};${bound}`;
            let mine: LocalDate[];
            try {
              mine = recurrenceOccurrences(parseRecurrenceRule(text), start, 'Asia/Almaty').dates;
            } catch (error) {
              // Refused (beyond the window or over 60): nothing to compare; rrule might search for centuries.
              expect((error as ValidationError).field).toBe('recurrence.rrule');
              continue;
            }
            if (mine.length === 0) continue;
            // Bounded by a date past the last one found: rrule stops at its first match beyond it.
            const last = mine[mine.length - 1];
            const beyond = `${last.year + 1}${String(last.month).padStart(2, '0')}28`;
            expect([text, start, withRrule(text, start, beyond)]).toEqual([text, start, mine]);
            compared += 1;
          }
        }
      }
      expect(compared).toBeGreaterThan(800);
    });
  });
});
