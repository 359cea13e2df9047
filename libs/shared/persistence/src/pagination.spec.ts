import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@kelisim/kernel';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

describe('cursor pagination', () => {
  it('Cursor_RoundTrips', () => {
    expect(decodeCursor(encodeCursor({ k: 'Әкімдік', id: 'x' }))).toEqual({ k: 'Әкімдік', id: 'x' });
  });

  it('Cursor_WhenNotOneWeIssued_IsAValidationErrorOnCursor', () => {
    expect(() => decodeCursor('garbage')).toThrow(ValidationError);
    expect(() => decodeCursor(Buffer.from('{"k":{}}').toString('base64url'))).toThrow(ValidationError);
  });

  it('ToPage_WhenOneRowMoreThanTheLimit_GivesANextCursor', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(rows, 2, (r) => ({ k: r.id, id: r.id }), (r) => r.id);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ k: 'b', id: 'b' });
    expect(toPage(rows, 3, (r) => ({ k: r.id, id: r.id }), (r) => r.id).nextCursor).toBeNull();
  });
});
