import { generateKazakhstanYear, type Holiday, HOLIDAY_NAMES } from '../domain/kazakhstan-rules.js';
import type { CalendarYearProps } from '../domain/calendar-year.js';

interface FileHoliday {
  date: string;
  name_en?: string;
  name_kk?: string;
  name_ru?: string;
  no_carry_over?: boolean;
  status?: string;
}

interface FileDayOff {
  date: string;
  kind: string;
  source?: string;
}

export interface FileYear {
  year: number;
  status?: string;
  holidays: FileHoliday[];
  extra_days_off: FileDayOff[];
  extra_working_days: string[];
  working_days_computed: number | string;
}

/** The researched 2025–2027 file (a copy of the shared research, so builds depend on nothing outside the repo). */
export async function researchedYears(): Promise<FileYear[]> {
  const file = (await import('./kz-2025-2027.json', { with: { type: 'json' } })) as { default: FileYear[] };
  return file.default;
}

// The researchers mark their doubts in free text: "UNVERIFIED", "estimate".
const DOUBT = /unverified|estimate/i;

/**
 * The rows the calendar starts with: the file's holidays (named from the statute where the file
 * leaves a language out or annotates the name), its transfers as days off by order, its carry-overs,
 * and every date the researchers doubted kept as `estimated`.
 */
export function seedYears(years: readonly FileYear[]): (CalendarYearProps & { year: number })[] {
  return years.map((file) => {
    const statutory = new Map(generateKazakhstanYear(file.year).holidays.map((h) => [h.date, h]));
    const holidays: Holiday[] = file.holidays.map((entry) => {
      const known = statutory.get(entry.date);
      const name = known?.name ?? {
        kk: clean(entry.name_kk) ?? entry.name_en ?? '',
        ru: clean(entry.name_ru) ?? entry.name_en ?? '',
        en: entry.name_en ?? '',
      };
      return { date: entry.date, name, ...(entry.no_carry_over ? { noCarryOver: true } : {}) };
    });
    const transfers = file.extra_days_off.filter((d) => d.kind.startsWith('transfer'));
    for (const transfer of transfers) holidays.push({ date: transfer.date, name: HOLIDAY_NAMES.dayOffByOrder, noCarryOver: true });
    holidays.sort((a, b) => a.date.localeCompare(b.date));
    const estimated = file.holidays.filter((entry) => Object.values(entry).some((v) => typeof v === 'string' && DOUBT.test(v))).map((e) => e.date);
    return {
      year: file.year,
      holidays,
      extraDaysOff: file.extra_days_off.filter((d) => !d.kind.startsWith('transfer')).map((d) => d.date).sort(),
      extraWorkingDays: [...file.extra_working_days].sort(),
      estimated: estimated.sort(),
    };
  });
}

/** A name the file annotated ("… (per python-holidays; UNVERIFIED)") is not shown as is. */
const clean = (name: string | undefined): string | undefined => (name && !DOUBT.test(name) ? name : undefined);
