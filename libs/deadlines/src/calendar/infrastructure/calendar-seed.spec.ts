import { describe, expect, it } from '@jest/globals';
import { researchedYears, seedYears } from './calendar-seed.js';

const RESEARCHED = await researchedYears();

describe('calendar seed', () => {
  const seeds = seedYears(RESEARCHED);

  it('Seed_KeepsTheResearchersDoubtsAsEstimatedDates', () => {
    expect(Object.fromEntries(seeds.map((s) => [s.year, s.estimated]))).toEqual({
      2025: [],
      2026: ['2026-05-27', '2026-10-25'],
      2027: ['2027-05-16'],
    });
  });

  it('Seed_NamesEveryHolidayInKkRuEn_WithoutTheResearchersAnnotations', () => {
    for (const holiday of seeds.flatMap((s) => s.holidays)) {
      for (const text of [holiday.name.kk, holiday.name.ru, holiday.name.en]) {
        expect(text).toMatch(/\S/);
        expect(text).not.toMatch(/UNVERIFIED|python-holidays/);
      }
    }
  });

  it('Seed_PutsTheTransferAmongTheHolidaysAndCarryOversApart', () => {
    const y2025 = seeds.find((s) => s.year === 2025)!;
    expect(y2025.holidays.find((h) => h.date === '2025-01-03')).toMatchObject({ noCarryOver: true, name: { en: 'Day off (transfer)' } });
    expect(y2025.extraDaysOff).toEqual(['2025-03-10', '2025-03-24', '2025-03-25', '2025-07-07', '2025-09-01', '2025-10-27']);
    expect(y2025.extraWorkingDays).toEqual(['2025-01-05']);
  });
});
