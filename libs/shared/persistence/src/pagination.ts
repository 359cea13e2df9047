import { ValidationError } from '@kelisim/kernel';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An opaque cursor: the sort key and id of the last item of the previous page. */
export interface CursorKey {
  k: string | number;
  id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorKey | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorKey;
    if ((typeof key.k === 'string' || typeof key.k === 'number') && typeof key.id === 'string') return key;
  } catch {
    // fall through
  }
  throw new ValidationError('cursor', 'cursor is not one this API returned');
}

/** Given `limit + 1` rows, returns a page and the cursor of its last item. */
export function toPage<R, T>(rows: R[], limit: number, key: (row: R) => CursorKey, view: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
