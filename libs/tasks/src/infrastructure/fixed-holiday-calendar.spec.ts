import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '@kelisim/kernel';
import { workingDaysDeadline } from '../domain/working-calendar.js';
import { FixedHolidayCalendar } from './fixed-holiday-calendar.js';

describe('working-day deadlines on the fixed-holiday calendar', () => {
  const calendar = new FixedHolidayCalendar();

  it('NthWorkingDayAfter_OverAWeekend_SkipsSaturdayAndSunday', async () => {
    expect(await calendar.nthWorkingDayAfter('2026-04-17', 1)).toBe('2026-04-20'); // Fri → Mon
    expect(await calendar.nthWorkingDayAfter('2026-04-13', 5)).toBe('2026-04-20');
  });

  it('NthWorkingDayAfter_OverNauryz_SkipsTheHolidayOnAWeekday', async () => {
    // 2026: 21–22 Mar are a weekend, 23 Mar (Monday) is Nauryz.
    expect(await calendar.nthWorkingDayAfter('2026-03-20', 1)).toBe('2026-03-24');
  });

  it('NthWorkingDayAfter_ConstitutionDay_Is30AugUntil2025And15MarFrom2027', async () => {
    expect(await calendar.nthWorkingDayAfter('2024-08-29', 1)).toBe('2024-09-02'); // Fri 30 Aug 2024 off
    expect(await calendar.nthWorkingDayAfter('2027-08-26', 2)).toBe('2027-08-30'); // Mon 30 Aug 2027 worked
    expect(await calendar.nthWorkingDayAfter('2027-03-12', 1)).toBe('2027-03-16'); // Mon 15 Mar 2027 off
    expect(await calendar.nthWorkingDayAfter('2026-03-13', 1)).toBe('2026-03-16'); // 15 Mar 2026 is a Sunday and no holiday yet
  });

  it('NthWorkingDayAfter_OverTheNewYear_SkipsJanuaryFirstSecondAndSeventh', async () => {
    // 2027: 1 Jan Fri, 2–3 weekend, 7 Jan Thu.
    expect(await calendar.nthWorkingDayAfter('2026-12-31', 1)).toBe('2027-01-04');
    expect(await calendar.nthWorkingDayAfter('2027-01-06', 1)).toBe('2027-01-08');
  });

  it('WorkingDaysDeadline_IsSixPmLocalInTheGivenZone', async () => {
    const now = new FixedClock(new Date('2026-04-13T04:00:00Z')).now(); // Monday 09:00 in Almaty
    expect((await workingDaysDeadline(calendar, now, 5, 'Asia/Almaty')).toISOString()).toBe('2026-04-20T13:00:00.000Z');
    expect((await workingDaysDeadline(calendar, now, 1, 'Europe/Moscow')).toISOString()).toBe('2026-04-14T15:00:00.000Z');
  });

  it('WorkingDaysDeadline_LateEveningUtc_CountsFromTheLocalDate', async () => {
    // 20:00 UTC Friday is already Saturday 01:00 in Almaty: the first working day after is Monday.
    const now = new Date('2026-04-17T20:00:00Z');
    expect((await workingDaysDeadline(calendar, now, 1, 'Asia/Almaty')).toISOString()).toBe('2026-04-20T13:00:00.000Z');
  });
});
