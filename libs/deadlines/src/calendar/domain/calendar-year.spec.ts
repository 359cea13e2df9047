import { describe, expect, it } from '@jest/globals';
import { isUuid, StaleRevisionError, ValidationError } from '@kelisim/kernel';
import { researchedYears, seedYears } from '../infrastructure/calendar-seed.js';

const RESEARCHED = await researchedYears();
import { CalendarYear } from './calendar-year.js';

const seeded = (year: number): CalendarYear => {
  const seed = seedYears(RESEARCHED).find((s) => s.year === year)!;
  return CalendarYear.restore(year, 1, seed);
};
const holidayDates = (c: CalendarYear) => c.state.holidays.map((h) => h.date);

describe('CalendarYear', () => {
  it('StreamIdOf_IsAStableUuidPerYear', () => {
    expect(isUuid(CalendarYear.streamIdOf(2026))).toBe(true);
    expect(CalendarYear.streamIdOf(2026)).toBe(CalendarYear.streamIdOf(2026));
    expect(CalendarYear.streamIdOf(2026)).not.toBe(CalendarYear.streamIdOf(2027));
    expect(seeded(2026).id).toBe(CalendarYear.streamIdOf(2026));
  });

  it('Set_WhenATransferIsAdded_FridayIsOffSaturdayWorkedAndTheEventCarriesTheYear', () => {
    const year = seeded(2026);
    year.set([...holidayDates(year), '2026-06-05'], ['2026-06-13']);
    expect(year.toData()).toMatchObject({ extraWorkingDays: ['2026-06-13'] });
    expect(year.state.holidays.find((h) => h.date === '2026-06-05')).toMatchObject({ name: { en: 'Day off (transfer)' }, noCarryOver: true });
    expect(year.state.extraDaysOff).toEqual(['2026-03-09', '2026-03-24', '2026-03-25', '2026-05-11', '2026-10-26']);
    const [event] = year.pullEvents();
    expect(event.type).toBe('CalendarYearChanged');
    expect(event.payload).toMatchObject({ year: 2026, workdays: ['2026-06-13'] });
    expect(event.payload.holidays).toContain('2026-06-05');
    expect(year.version).toBe(2);
  });

  it('Set_WhenAHolidayIsDropped_ItsCarryOverGoesToo', () => {
    const year = seeded(2026);
    year.set(holidayDates(year).filter((d) => d !== '2026-03-08'), []);
    expect(year.state.extraDaysOff).not.toContain('2026-03-09');
  });

  it('Set_KeepsEstimatedMarksOfDatesTheAdminKept', () => {
    const year = seeded(2026);
    expect(year.state.estimated).toEqual(['2026-05-27', '2026-10-25']);
    year.set(holidayDates(year).filter((d) => d !== '2026-05-27').concat('2026-05-28'), []);
    expect(year.state.estimated).toEqual(['2026-10-25']);
  });

  it('Set_WhenNothingChanges_RecordsNothing', () => {
    const year = seeded(2025);
    year.set([...holidayDates(year)].reverse(), ['2025-01-05', '2025-01-05']);
    expect(year.peekEvents()).toHaveLength(0);
  });

  it.each([
    [['2027-01-01'], [], 'holidays', 'CALENDAR.DATE_OUTSIDE_YEAR'],
    [[], ['2025-06-06'], 'workdays', 'CALENDAR.DATE_OUTSIDE_YEAR'],
    [['2026-02-30'], [], 'holidays', 'REQUEST.INVALID_FIELD'],
    [[], ['2026-06-12'], 'workdays', 'CALENDAR.WORKDAY_NOT_WEEKEND'],
    [['2026-06-13'], ['2026-06-13'], 'workdays', 'CALENDAR.DATE_OFF_AND_WORKED'],
  ])('Set_WhenInvalid_ThrowsNamingTheFieldAndChangesNothing (%j, %j)', (holidays, workdays, field, code) => {
    const year = seeded(2026);
    const before = year.toData();
    let error: unknown;
    try {
      year.set(holidays, workdays);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, code });
    expect(year.toData()).toEqual(before);
    expect(year.peekEvents()).toHaveLength(0);
  });

  it('Statutory_WhenOutside2000To2100_Throws; AssertRevision_WhenStale_Throws', () => {
    expect(() => CalendarYear.statutory(1999)).toThrow(expect.objectContaining({ field: 'year', code: 'CALENDAR.YEAR_OUT_OF_RANGE' }));
    expect(() => CalendarYear.statutory(2101)).toThrow(ValidationError);
    const fresh = CalendarYear.statutory(2030);
    expect(fresh.isNew).toBe(true);
    expect(() => fresh.assertRevision(1)).toThrow(StaleRevisionError);
  });
});
