/**
 * Wall-clock arithmetic in IANA zones without a date library on the hot path: a zone's UTC offset
 * comes from `Intl.DateTimeFormat` (the system tz database) once per zone and quarter of an hour
 * (every offset and transition of the database falls on a quarter hour since 1970), and wall times
 * are plain numbers — milliseconds as if the local time were UTC, so `Date`'s UTC getters read them.
 */
const QUARTER_HOUR = 900_000;
export const DAY_MS = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();
const MAX_CACHED_PER_ZONE = 50_000;

/** The zone's offset from UTC at `at` (epoch ms), in ms: Asia/Almaty → 18,000,000 (UTC+5) in 2026. */
export function zoneOffset(timeZone: string, at: number): number {
  const bucket = Math.floor(at / QUARTER_HOUR);
  let cache = offsets.get(timeZone);
  if (!cache) offsets.set(timeZone, (cache = new Map()));
  let offset = cache.get(bucket);
  if (offset === undefined) {
    offset = measureOffset(timeZone, bucket * QUARTER_HOUR);
    if (cache.size >= MAX_CACHED_PER_ZONE) cache.clear();
    cache.set(bucket, offset);
  }
  return offset;
}

function measureOffset(timeZone: string, at: number): number {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formats.set(timeZone, format);
  }
  const part: Record<string, string> = {};
  for (const { type, value } of format.formatToParts(new Date(at))) part[type] = value;
  const year = part.era === 'BC' || part.era === 'B' ? 1 - Number(part.year) : Number(part.year);
  const wall = Date.UTC(year, Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second));
  // Date.UTC maps years 0–99 to 1900–1999; the wall time is needed only to the minute here.
  const fixed = year >= 0 && year < 100 ? new Date(wall).setUTCFullYear(year) : wall;
  return fixed - at;
}

/** The wall time of `at` in `timeZone`. */
export function toWall(at: number, timeZone: string): number {
  return at + zoneOffset(timeZone, at);
}

/**
 * The instant whose wall time in `timeZone` is `wall`. A wall time skipped by a transition moves
 * forward by the gap; one that occurs twice resolves to the earlier offset (as luxon does).
 */
export function fromWall(wall: number, timeZone: string): number {
  const guess = zoneOffset(timeZone, wall);
  let utc = wall - guess;
  const second = zoneOffset(timeZone, utc);
  if (second === guess) return utc;
  utc -= second - guess;
  const third = zoneOffset(timeZone, utc);
  if (second === third) return utc;
  return wall - Math.min(second, third);
}

/** Days since 1970-01-01 of a wall time. */
export const wallDay = (wall: number): number => Math.floor(wall / DAY_MS);

/** YYYY-MM-DD of a day number. */
export const isoDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export const isoWeekday = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;
