import { describe, expect, it } from '@jest/globals';
import { researchedYears, seedYears } from '../infrastructure/calendar-seed.js';

const RESEARCHED_YEARS = await researchedYears();
import { generateKazakhstanYear } from './kazakhstan-rules.js';
import { WorkingCalendar } from './working-calendar.js';

const datesOf = (year: number) => generateKazakhstanYear(year).holidays.map((h) => h.date);

describe('Kazakhstan statutory rules', () => {
  it('GenerateYear_When8Mar2026IsASunday_Monday9MarIsOff', () => {
    expect(generateKazakhstanYear(2026).carryOvers).toContain('2026-03-09');
  });

  it('GenerateYear_WhenNauryz2026RunsSaturdayToMonday_24And25MarAreOff', () => {
    const { carryOvers } = generateKazakhstanYear(2026);
    expect(carryOvers.filter((d) => d.startsWith('2026-03-2'))).toEqual(['2026-03-24', '2026-03-25']);
  });

  it('GenerateYear_WhenNauryz2027HasOneSunday_OnlyTheDayAfterTheBlockIsOff', () => {
    expect(generateKazakhstanYear(2027).carryOvers.filter((d) => d.startsWith('2027-03'))).toEqual(['2027-03-24']);
  });

  it('GenerateYear_When7JanIsASaturday_ItDoesNotCarryOver', () => {
    // 2023: 1 Jan a Sunday (carried to Tue 3 Jan after the holiday Monday), 7 Jan a Saturday.
    expect(generateKazakhstanYear(2023).carryOvers.filter((d) => d.startsWith('2023-01'))).toEqual(['2023-01-03']);
  });

  it('GenerateYear_WhenKurbanAitIsOnASunday_ItDoesNotCarryOver', () => {
    const year = generateKazakhstanYear(2027, { kurbanAit: '2027-05-16' });
    expect(year.holidays.find((h) => h.date === '2027-05-16')).toMatchObject({ noCarryOver: true, name: { en: 'Kurban Ait (1st day)' } });
    expect(year.carryOvers).not.toContain('2027-05-17');
  });

  it('GenerateYear_From2026_30AugIsNoHoliday', () => {
    expect(datesOf(2025)).toContain('2025-08-30');
    expect(datesOf(2026)).not.toContain('2026-08-30');
    expect(new WorkingCalendar([]).isWorkingDay('2026-08-31')).toBe(true);
    expect(datesOf(2030)).not.toContain('2030-08-30');
  });

  it('GenerateYear_From2027_15MarIsConstitutionDay; In2026_ItIsNot', () => {
    expect(generateKazakhstanYear(2027).holidays.find((h) => h.date === '2027-03-15')?.name.en).toBe('Constitution Day');
    expect(datesOf(2026)).not.toContain('2026-03-15');
    expect(new WorkingCalendar([]).isWorkingDay('2026-03-16')).toBe(true);
    expect(new WorkingCalendar([]).isWorkingDay('2027-03-15')).toBe(false);
  });

  it('GenerateYear_EveryHolidayIsNamedInKkRuAndEn', () => {
    for (const holiday of generateKazakhstanYear(2027).holidays) {
      expect([holiday.name.kk, holiday.name.ru, holiday.name.en].every((text) => text.length > 0)).toBe(true);
    }
  });

  describe.each(RESEARCHED_YEARS.map((file) => [file.year, file] as const))('the researched file, %i', (year, file) => {
    const transfers = file.extra_days_off.filter((d) => d.kind.startsWith('transfer')).map((d) => d.date);

    it('GeneratedHolidays_EqualTheFilesHolidays', () => {
      expect(datesOf(year).sort()).toEqual(file.holidays.map((h) => h.date).sort());
    });

    it('GeneratedCarryOversPlusTransfers_EqualTheFilesExtraDaysOff', () => {
      expect([...generateKazakhstanYear(year).carryOvers, ...transfers].sort()).toEqual(file.extra_days_off.map((d) => d.date).sort());
    });

    it('WorkingDays_EqualTheFilesCount', () => {
      // 2027's count reads "247 (246 if Kurban Ait falls on a weekday)": its estimate is a Sunday.
      const expected = typeof file.working_days_computed === 'number' ? file.working_days_computed : Number(file.working_days_computed.slice(0, 3));
      const seeded = new WorkingCalendar(seedYears([file]).map((s) => ({ ...s, holidays: s.holidays.map((h) => h.date) })));
      expect(seeded.workingDaysIn(year)).toBe(expected);
      const generated = generateKazakhstanYear(year);
      const byRules = new WorkingCalendar([
        {
          year,
          holidays: [...generated.holidays.map((h) => h.date), ...transfers],
          extraDaysOff: generated.carryOvers,
          extraWorkingDays: file.extra_working_days,
          estimated: [],
        },
      ]);
      expect(byRules.workingDaysIn(year)).toBe(expected);
    });
  });

  it('WorkingDays_2025_246_2026_247_2027_247', () => {
    const calendar = new WorkingCalendar(seedYears(RESEARCHED_YEARS).map((s) => ({ ...s, holidays: s.holidays.map((h) => h.date) })));
    expect([2025, 2026, 2027].map((y) => calendar.workingDaysIn(y))).toEqual([246, 247, 247]);
  });
});
