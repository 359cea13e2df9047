import { describe, expect, it } from '@jest/globals';
import { researchedYears, seedYears } from '../infrastructure/calendar-seed.js';

const RESEARCHED = await researchedYears();
import { WorkingCalendar } from './working-calendar.js';

const ALMATY = 'Asia/Almaty';
const calendar = new WorkingCalendar(seedYears(RESEARCHED).map((s) => ({ ...s, holidays: s.holidays.map((h) => h.date) })));
const utc = (iso: string) => new Date(iso);
const iso = (date: Date) => date.toISOString();

describe('WorkingCalendar', () => {
  describe('isWorkingDay', () => {
    it('IsWorkingDay_When2025Transfer_Friday3JanIsOffAndSunday5JanIsWorked', () => {
      expect(calendar.isWorkingDay('2025-01-03')).toBe(false);
      expect(calendar.isWorkingDay('2025-01-05')).toBe(true);
      expect(calendar.isWorkingDay('2025-01-04')).toBe(false);
    });

    it('IsWorkingDay_2026CarryOvers_AreOff; 30Aug2026Monday31_IsWorking', () => {
      for (const date of ['2026-03-09', '2026-03-24', '2026-03-25', '2026-05-11', '2026-10-26']) expect(calendar.isWorkingDay(date)).toBe(false);
      expect(calendar.isWorkingDay('2026-08-31')).toBe(true);
      expect(calendar.isWorkingDay('2026-03-26')).toBe(true);
    });

    it('IsWorkingDay_When7Jan2029IsASunday_Monday8JanIsWorking', () => {
      // 2029 is not in the data: the statutory rules apply.
      expect(new WorkingCalendar([]).isWorkingDay('2029-01-08')).toBe(true);
    });

    it('IsWorkingDay_WhenTheYearIsInTheData_TheDataWinsOverTheRules', () => {
      const edited = new WorkingCalendar([{ year: 2026, holidays: ['2026-06-05'], extraDaysOff: [], extraWorkingDays: ['2026-06-06'], estimated: [] }]);
      expect(edited.isWorkingDay('2026-06-05')).toBe(false);
      expect(edited.isWorkingDay('2026-06-06')).toBe(true);
      expect(edited.isWorkingDay('2026-03-09')).toBe(true);
      expect(edited.isWorkingDay('2027-03-24')).toBe(false);
    });
  });

  describe('addWorkingDays: a working-day deadline falls at 18:00 local', () => {
    it('AddWorkingDays_WhenFridayBeforeAWeekendHolidayCarryOver_LandsOnTuesdayAt18', () => {
      // Fri 6 Mar 2026 14:00 Almaty; Sat, Sun 8 Mar (holiday), Mon 9 Mar (carry-over) are off.
      expect(iso(calendar.addWorkingDays(utc('2026-03-06T09:00:00Z'), 1, ALMATY))).toBe('2026-03-10T13:00:00.000Z');
    });

    it('AddWorkingDays_WhenNauryzBlockFollows_SkipsTheWholeBlockAndItsCarryOvers', () => {
      // Fri 20 Mar 2026: 21–23 Nauryz, 24–25 carry-overs; the next working day is Thu 26 Mar.
      expect(iso(calendar.addWorkingDays(utc('2026-03-20T05:00:00Z'), 1, ALMATY))).toBe('2026-03-26T13:00:00.000Z');
      expect(iso(calendar.addWorkingDays(utc('2026-03-20T05:00:00Z'), 2, ALMATY))).toBe('2026-03-27T13:00:00.000Z');
    });

    it('AddWorkingDays_OverTheNewYear_CountsOnlyWorkingDaysOfBothYears', () => {
      // Wed 31 Dec 2025 → Thu 1, Fri 2 Jan holidays, weekend, Mon 5, Tue 6, Wed 7 (Orthodox Christmas), Thu 8.
      const from = utc('2025-12-31T06:00:00Z');
      expect(iso(calendar.addWorkingDays(from, 1, ALMATY))).toBe('2026-01-05T13:00:00.000Z');
      expect(iso(calendar.addWorkingDays(from, 3, ALMATY))).toBe('2026-01-08T13:00:00.000Z');
    });

    it('AddWorkingDays_SameInstantInAlmatyAndUtc_CountsFromDifferentLocalDates', () => {
      // 19 Mar 2026 20:00 UTC is already Friday 20 Mar 01:00 in Almaty (UTC+5 since March 2024).
      const at = utc('2026-03-19T20:00:00Z');
      expect(iso(calendar.addWorkingDays(at, 1, 'UTC'))).toBe('2026-03-20T18:00:00.000Z');
      expect(iso(calendar.addWorkingDays(at, 1, ALMATY))).toBe('2026-03-26T13:00:00.000Z');
    });

    it('AddWorkingDays_UsesTheZonesOffsetOfThatDate_NotAFixedOne', () => {
      // Asia/Qostanay was UTC+6 in 2023 and is UTC+5 in 2026; the tz database knows, we do not hard-code.
      expect(iso(calendar.addWorkingDays(utc('2023-05-31T04:00:00Z'), 1, 'Asia/Qostanay'))).toBe('2023-06-01T12:00:00.000Z');
      expect(iso(calendar.addWorkingDays(utc('2026-05-31T04:00:00Z'), 1, 'Asia/Qostanay'))).toBe('2026-06-01T13:00:00.000Z');
      expect(iso(calendar.addWorkingDays(utc('2026-05-31T04:00:00Z'), 1, 'Europe/Berlin', '09:30'))).toBe('2026-06-01T07:30:00.000Z');
    });

    it('AddWorkingDays_WhenNotAWholePositiveCount_Throws', () => {
      expect(() => calendar.addWorkingDays(utc('2026-03-20T05:00:00Z'), 0, ALMATY)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays(utc('2026-03-20T05:00:00Z'), 1.5, ALMATY)).toThrow(RangeError);
      expect(() => calendar.addWorkingDays(utc('2026-03-20T05:00:00Z'), 1, 'UTC+5')).toThrow(RangeError);
    });
  });

  describe('subtractWorkingDays: "3 working days before"', () => {
    it('SubtractWorkingDays_AcrossNauryz_KeepsTheLocalTimeOfDay', () => {
      // Due Thu 26 Mar 2026 18:00 Almaty; back over 25, 24 (carry-overs), 23–21 (Nauryz), 20, 19, 18.
      expect(iso(calendar.subtractWorkingDays(utc('2026-03-26T13:00:00Z'), 3, ALMATY))).toBe('2026-03-18T13:00:00.000Z');
    });

    it('SubtractWorkingDays_OverTheNewYear_LandsInTheOldYear', () => {
      // Due Mon 5 Jan 2026 10:15 Almaty: Fri 2, Thu 1 are holidays → Wed 31 Dec 2025, then Tue 30 Dec.
      expect(iso(calendar.subtractWorkingDays(utc('2026-01-05T05:15:00Z'), 2, ALMATY))).toBe('2025-12-30T05:15:00.000Z');
    });
  });

  describe('working hours', () => {
    it('IsWithinWorkingHours_From09To18InclusiveOnWorkingDaysOnly', () => {
      expect(calendar.isWithinWorkingHours(utc('2026-03-19T04:00:00Z'), ALMATY)).toBe(true); // 09:00
      expect(calendar.isWithinWorkingHours(utc('2026-03-19T13:00:00Z'), ALMATY)).toBe(true); // 18:00, a deadline
      expect(calendar.isWithinWorkingHours(utc('2026-03-19T13:00:01Z'), ALMATY)).toBe(false);
      expect(calendar.isWithinWorkingHours(utc('2026-03-19T03:59:59Z'), ALMATY)).toBe(false);
      expect(calendar.isWithinWorkingHours(utc('2026-03-24T06:00:00Z'), ALMATY)).toBe(false); // carry-over
    });

    it('NextWorkingMorning_WhenAlreadyWithinWorkingHours_ReturnsTheSameInstant', () => {
      const at = utc('2026-03-19T07:30:00Z');
      expect(calendar.nextWorkingMorning(at, ALMATY)).toBe(at);
    });

    it('NextWorkingMorning_WhenEarlyOnAWorkingDay_Is09ThatDay', () => {
      expect(iso(calendar.nextWorkingMorning(utc('2026-03-19T01:00:00Z'), ALMATY))).toBe('2026-03-19T04:00:00.000Z');
    });

    it('NextWorkingMorning_WhenEveningBeforeNauryz_IsThursday26MarAt09', () => {
      expect(iso(calendar.nextWorkingMorning(utc('2026-03-20T14:00:00Z'), ALMATY))).toBe('2026-03-26T04:00:00.000Z');
    });

    it('NextWorkingMorning_WhenSaturdayIsWorkedByOrder_IsThatSaturday', () => {
      // Sun 5 Jan 2025 was a working day by the ministry's transfer.
      expect(iso(calendar.nextWorkingMorning(utc('2025-01-04T20:00:00Z'), ALMATY))).toBe('2025-01-05T04:00:00.000Z');
    });

    it('NextWorkingDayAt_IsStrictlyAfterTheLocalDate', () => {
      // Thursday 10:00 Almaty → Friday 09:00, even though Thursday is a working day.
      expect(iso(calendar.nextWorkingDayAt(utc('2026-03-19T05:00:00Z'), ALMATY))).toBe('2026-03-20T04:00:00.000Z');
      // Friday 20 Mar → Thursday 26 Mar at the given time.
      expect(iso(calendar.nextWorkingDayAt(utc('2026-03-20T05:00:00Z'), ALMATY, '10:30'))).toBe('2026-03-26T05:30:00.000Z');
    });
  });
});
