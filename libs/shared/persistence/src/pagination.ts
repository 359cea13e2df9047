import { isUuid, unsafeText, ValidationError } from '@kelisim/kernel';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An opaque cursor: the sort key and id of the last item of the previous page. */
export interface CursorKey {
  k: string | number;
  id: string;
}

/**
 * What a list sorts by, and so what its cursor must hold: `text` (a name; the id a UUID), `time`
 * (an ISO instant as toISOString writes it; the id a UUID) or `position` (a non-negative integer;
 * the id any text). Every list decodes its cursor with its sort, so a forged one is a 400 on
 * `cursor` before it reaches SQL.
 */
export type CursorSort = 'text' | 'time' | 'position';

export interface TextCursor {
  k: string;
  id: string;
}
export interface PositionCursor {
  k: number;
  id: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const forged = (): ValidationError => new ValidationError('cursor', 'cursor is not one this API returned');

export function decodeCursor(cursor: string | undefined, sort: 'text' | 'time'): TextCursor | undefined;
export function decodeCursor(cursor: string | undefined, sort: 'position'): PositionCursor | undefined;
export function decodeCursor(cursor: string | undefined, sort: CursorSort): TextCursor | PositionCursor | undefined {
  if (!cursor) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw forged();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw forged();
  const { k, id, ...rest } = key as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || typeof id !== 'string' || id.length > 200 || unsafeText(id)) throw forged();
  if (sort === 'position') {
    if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 0) throw forged();
    return { k, id };
  }
  if (typeof k !== 'string' || k.length > 1000 || unsafeText(k) || !isUuid(id)) throw forged();
  if (sort === 'time' && (!ISO_INSTANT.test(k) || Number.isNaN(Date.parse(k)) || new Date(k).toISOString() !== k)) throw forged();
  return { k, id };
}

/** Given `limit + 1` rows, returns a page and the cursor of its last item. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => CursorKey, view: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
