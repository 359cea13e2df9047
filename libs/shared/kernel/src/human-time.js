// @ts-check
/**
 * Dates, times and zones as a person reads them, from Kelisim's own kk/ru/en tables — never from the
 * runtime's locale data (Chromium without Kazakh calendar names writes «2026 M11 23 18:00 GMT+5»).
 * Only the wall clock of a zone comes from `Intl` (numeric parts, 'en-US', the system tz database).
 * A plain ES module with no imports: the API serves this very file to the console (`/human-time.js`),
 * and e-mails, .ics descriptions and exports import it through the kernel's index.
 *
 *   kk  2026 ж. 23 қараша, 18:00 (Алматы)     date: 2026 ж. 23 қараша     day: 23 қараша, дүйсенбі
 *   ru  23 ноября 2026 г., 18:00 (Алматы)     date: 23 ноября 2026 г.     day: 23 ноября, понедельник
 *   en  23 November 2026, 18:00 (Almaty)      date: 23 November 2026      day: Monday, 23 November
 */

/** @typedef {'kk' | 'ru' | 'en'} TimeLocale */
/** @typedef {Date | string | number} Moment */

/** Month names as a date writes them: Kazakh does not decline them after the day, Russian puts them in the genitive. */
export const MONTH_NAMES = Object.freeze({
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
});

/** Weekdays, Monday first (ISO 1 … 7). */
export const WEEKDAY_NAMES = Object.freeze({
  kk: ['дүйсенбі', 'сейсенбі', 'сәрсенбі', 'бейсенбі', 'жұма', 'сенбі', 'жексенбі'],
  ru: ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота', 'воскресенье'],
  en: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
});

/** The zones of Kazakhstan and its neighbours by their city; any other zone is shown by its offset («UTC+3»). */
export const ZONE_NAMES = Object.freeze({
  'Asia/Almaty': { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' },
  'Asia/Qostanay': { kk: 'Қостанай', ru: 'Костанай', en: 'Kostanay' },
  'Asia/Qyzylorda': { kk: 'Қызылорда', ru: 'Кызылорда', en: 'Kyzylorda' },
  'Asia/Aqtobe': { kk: 'Ақтөбе', ru: 'Актобе', en: 'Aktobe' },
  'Asia/Aqtau': { kk: 'Ақтау', ru: 'Актау', en: 'Aktau' },
  'Asia/Atyrau': { kk: 'Атырау', ru: 'Атырау', en: 'Atyrau' },
  'Asia/Oral': { kk: 'Орал', ru: 'Уральск', en: 'Oral' },
  'Asia/Tashkent': { kk: 'Ташкент', ru: 'Ташкент', en: 'Tashkent' },
  'Asia/Bishkek': { kk: 'Бішкек', ru: 'Бишкек', en: 'Bishkek' },
  'Europe/Moscow': { kk: 'Мәскеу', ru: 'Москва', en: 'Moscow' },
  UTC: { kk: 'UTC', ru: 'UTC', en: 'UTC' },
  'Etc/UTC': { kk: 'UTC', ru: 'UTC', en: 'UTC' },
});

/** @param {string} locale @returns {TimeLocale} */
const language = (locale) => (locale === 'ru' || locale === 'en' ? locale : 'kk');

/** @type {Map<string, Intl.DateTimeFormat>} */
const clocks = new Map();

/**
 * The wall clock of `at` in `timeZone`, as numbers.
 * @param {Date} at
 * @param {string} timeZone
 */
function wallOf(at, timeZone) {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    if (clocks.size >= 500) clocks.clear();
    clocks.set(timeZone, clock);
  }
  /** @type {Record<string, number>} */
  const part = {};
  for (const { type, value } of clock.formatToParts(at)) part[type] = Number(value);
  const { year, month, day, hour, minute, second } = part;
  return { year, month, day, hour, minute, second, offsetMinutes: Math.round((Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(at.getTime() / 1000) * 1000) / 60_000) };
}

/** @param {Moment | null | undefined} at @returns {Date | null} */
function instant(at) {
  if (at === null || at === undefined || at === '') return null;
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

const two = (/** @type {number} */ n) => String(n).padStart(2, '0');

/**
 * The name a reader knows the zone by: its city, else its offset from UTC at `at`.
 * @param {string} timeZone
 * @param {string} locale
 * @param {Moment} [at]
 * @returns {string}
 */
export function zoneName(timeZone, locale, at = Date.now()) {
  const known = /** @type {Record<string, Record<TimeLocale, string>>} */ (ZONE_NAMES)[timeZone];
  if (known) return known[language(locale)];
  const offset = wallOf(instant(at) ?? new Date(), timeZone).offsetMinutes;
  if (offset === 0) return 'UTC';
  const sign = offset < 0 ? '−' : '+';
  const hours = Math.floor(Math.abs(offset) / 60);
  const minutes = Math.abs(offset) % 60;
  return `UTC${sign}${hours}${minutes ? `:${two(minutes)}` : ''}`;
}

/**
 * @param {TimeLocale} lang
 * @param {{ year: number, month: number, day: number }} wall
 */
function dateText(lang, { year, month, day }) {
  const name = MONTH_NAMES[lang][month - 1];
  if (lang === 'kk') return `${year} ж. ${day} ${name}`;
  if (lang === 'ru') return `${day} ${name} ${year} г.`;
  return `${day} ${name} ${year}`;
}

/**
 * An instant as wall time in `timeZone`, with the zone named: «2026 ж. 23 қараша, 18:00 (Алматы)»,
 * «23 ноября 2026 г., 18:00 (Алматы)», «23 November 2026, 18:00 (Almaty)»; `seconds` adds «:05».
 * An absent or unreadable instant is «—».
 * @param {Moment | null | undefined} at
 * @param {string} locale
 * @param {string} timeZone
 * @param {{ seconds?: boolean }} [options]
 * @returns {string}
 */
export function formatDateTime(at, locale, timeZone, options = {}) {
  const date = instant(at);
  if (!date) return '—';
  const lang = language(locale);
  const wall = wallOf(date, timeZone);
  const time = `${two(wall.hour)}:${two(wall.minute)}${options.seconds ? `:${two(wall.second)}` : ''}`;
  return `${dateText(lang, wall)}, ${time} (${zoneName(timeZone, lang, date)})`;
}

/**
 * The date of an instant in `timeZone`: «2026 ж. 23 қараша», «23 ноября 2026 г.», «23 November 2026».
 * @param {Moment | null | undefined} at
 * @param {string} locale
 * @param {string} timeZone
 * @returns {string}
 */
export function formatDate(at, locale, timeZone) {
  const date = instant(at);
  return date ? dateText(language(locale), wallOf(date, timeZone)) : '—';
}

/**
 * A calendar day (`YYYY-MM-DD`, no zone). By default with its weekday and without the year (the
 * working calendar): «23 қараша, дүйсенбі», «23 ноября, понедельник», «Monday, 23 November»; with
 * `{ year: true, weekday: false }` as a date («2026 ж. 23 қараша», «23 ноября 2026 г.», «23 November 2026»).
 * @param {string} isoDay
 * @param {string} locale
 * @param {{ year?: boolean, weekday?: boolean }} [options]
 * @returns {string}
 */
export function formatDay(isoDay, locale, { year = false, weekday = true } = {}) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) return '—';
  const wall = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const lang = language(locale);
  const name = MONTH_NAMES[lang][wall.month - 1];
  if (!name || wall.day < 1 || wall.day > 31) return '—';
  const date = year ? dateText(lang, wall) : `${wall.day} ${name}`;
  if (!weekday) return date;
  const day = WEEKDAY_NAMES[lang][(new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay() + 6) % 7];
  return lang === 'en' ? `${day}, ${date}` : `${date}, ${day}`;
}
