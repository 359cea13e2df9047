/** An IANA zone the system tz database knows (never a hard-coded offset). */
const known = new Set<string>();

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return false;
  if (known.has(value)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    known.add(value);
    return true;
  } catch {
    return false;
  }
}

export const DEFAULT_TIME_ZONE = 'Asia/Almaty';
