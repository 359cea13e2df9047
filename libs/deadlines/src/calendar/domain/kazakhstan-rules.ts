import { isoDay, isoWeekday, wallDay } from '@kelisim/kernel';

/** A holiday's name as people read it, in the three languages. */
export interface HolidayName {
  readonly kk: string;
  readonly ru: string;
  readonly en: string;
}

export interface Holiday {
  /** ISO local date, YYYY-MM-DD. */
  readonly date: string;
  readonly name: HolidayName;
  /** Religious days off (7 Jan, Kurban Ait) and days off by order never move to a working day. */
  readonly noCarryOver?: boolean;
}

export interface StatutoryYear {
  readonly holidays: Holiday[];
  /** Weekdays off because a holiday fell on a weekend. */
  readonly carryOvers: string[];
}

export const HOLIDAY_NAMES = {
  newYear: { kk: 'Жаңа жыл', ru: 'Новый год', en: "New Year's Day" },
  orthodoxChristmas: { kk: 'Православиелік Рождество', ru: 'Рождество Христово', en: 'Orthodox Christmas' },
  womensDay: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" },
  constitutionDay: {
    kk: 'Қазақстан Республикасының Конституциясы күні',
    ru: 'День Конституции Республики Казахстан',
    en: 'Constitution Day',
  },
  nauryz: { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' },
  unityDay: {
    kk: 'Қазақстан халқының бірлігі мерекесі',
    ru: 'Праздник единства народа Казахстана',
    en: "Kazakhstan People's Unity Day",
  },
  defenderDay: { kk: 'Отан қорғаушы күні', ru: 'День защитника Отечества', en: 'Defender of the Fatherland Day' },
  victoryDay: { kk: 'Жеңіс күні', ru: 'День Победы', en: 'Victory Day' },
  kurbanAit: { kk: 'Құрбан айт', ru: 'Курбан айт', en: 'Kurban Ait (1st day)' },
  capitalDay: { kk: 'Астана күні', ru: 'День столицы', en: 'Capital Day' },
  republicDay: { kk: 'Республика күні', ru: 'День Республики', en: 'Republic Day' },
  independenceDay: { kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' },
  dayOffByOrder: { kk: 'Демалыс күні (ауыстыру)', ru: 'Выходной день (перенос)', en: 'Day off (transfer)' },
} as const satisfies Record<string, HolidayName>;

/**
 * The first day of Kurban Ait as the Spiritual Administration of Muslims set (or, for 2027,
 * estimated) it. Later years have no date until an admin enters one.
 */
export const KURBAN_AIT_DATES: Readonly<Record<number, string>> = {
  2025: '2025-06-06',
  2026: '2026-05-27',
  2027: '2027-05-16',
};

type Fixed = [month: number, day: number, name: HolidayName, noCarryOver?: true];

/** The Law on holidays as it stands for `year` (Republic Day again a holiday since 2022, Constitution Day moved in 2026). */
function fixedHolidays(year: number): Fixed[] {
  const n = HOLIDAY_NAMES;
  const list: Fixed[] = [
    [1, 1, n.newYear],
    [1, 2, n.newYear],
    [1, 7, n.orthodoxChristmas, true],
    [3, 8, n.womensDay],
    [3, 21, n.nauryz],
    [3, 22, n.nauryz],
    [3, 23, n.nauryz],
    [5, 1, n.unityDay],
    [5, 7, n.defenderDay],
    [5, 9, n.victoryDay],
    [7, 6, n.capitalDay],
    [12, 16, n.independenceDay],
  ];
  // The referendum of 15 March 2026 adopted a new Constitution: 30 Aug stops being a holiday in
  // 2026 and 15 Mar becomes one from 2027 (neither is a day off in 2026).
  if (year <= 2025) list.push([8, 30, n.constitutionDay]);
  if (year >= 2027) list.push([3, 15, n.constitutionDay]);
  if (year >= 2022) list.push([10, 25, n.republicDay]);
  else list.push([12, 17, n.independenceDay]);
  return list;
}

export const isoDate = (year: number, month: number, day: number): string =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** 6 and 7 are Saturday and Sunday (ISO weekday). */
export const isWeekend = (date: string): boolean => isoWeekday(dayOf(date)) >= 6;

const nextDay = (date: string): string => isoDay(dayOf(date) + 1);

/** Days since 1970-01-01 of YYYY-MM-DD. */
const dayOf = (date: string): number => wallDay(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))));

/**
 * Labour Code art. 85: a holiday on a weekend gives the next working day off. Walking the holidays
 * in order and skipping days already off makes a multi-day holiday (Nauryz) carry over to the first
 * working days after the whole block.
 */
export function carryOversOf(holidays: readonly Holiday[]): string[] {
  const off = new Set(holidays.map((h) => h.date));
  const carryOvers: string[] = [];
  for (const holiday of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    if (holiday.noCarryOver || !isWeekend(holiday.date)) continue;
    let day = nextDay(holiday.date);
    while (isWeekend(day) || off.has(day)) day = nextDay(day);
    off.add(day);
    carryOvers.push(day);
  }
  return carryOvers.sort();
}

/** The year's public holidays and carry-overs by statute alone (no transfer orders). */
export function generateKazakhstanYear(year: number, options: { kurbanAit?: string } = {}): StatutoryYear {
  const holidays: Holiday[] = fixedHolidays(year).map(([month, day, name, noCarryOver]) => ({
    date: isoDate(year, month, day),
    name,
    ...(noCarryOver ? { noCarryOver } : {}),
  }));
  const kurbanAit = options.kurbanAit ?? KURBAN_AIT_DATES[year];
  if (kurbanAit && !holidays.some((h) => h.date === kurbanAit)) {
    holidays.push({ date: kurbanAit, name: HOLIDAY_NAMES.kurbanAit, noCarryOver: true });
  }
  holidays.sort((a, b) => a.date.localeCompare(b.date));
  return { holidays, carryOvers: carryOversOf(holidays) };
}
