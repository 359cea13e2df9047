import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@kelisim/kernel';
import { decodeCursor, encodeCursor, toPage } from './pagination.js';

const ID = '0b7d2c3e-5f6a-4b8c-9d0e-1f2a3b4c5d6e';
const forge = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('cursor pagination', () => {
  it('Cursor_RoundTrips', () => {
    expect(decodeCursor(encodeCursor({ k: 'Әкімдік', id: ID }), 'text')).toEqual({ k: 'Әкімдік', id: ID });
    expect(decodeCursor(encodeCursor({ k: '2026-12-02T01:00:00.000Z', id: ID }), 'time')).toEqual({ k: '2026-12-02T01:00:00.000Z', id: ID });
    expect(decodeCursor(encodeCursor({ k: 42, id: 'any stream' }), 'position')).toEqual({ k: 42, id: 'any stream' });
  });

  it('Cursor_WhenNotOneWeIssued_IsAValidationErrorOnCursor', () => {
    expect(() => decodeCursor('garbage', 'text')).toThrow(ValidationError);
    expect(() => decodeCursor(forge({ k: {} }), 'text')).toThrow(ValidationError);
  });

  it.each([
    ['text', { k: 'a', id: 'not-a-uuid' }],
    ['text', { k: 1, id: ID }],
    ['text', { k: 'a\u0000', id: ID }],
    ['text', { k: '\ud800', id: ID }],
    ['text', { k: 'a', id: ID, extra: 1 }],
    ['text', { key: 'a', id: ID }],
    ['text', ['a', ID]],
    ['text', null],
    ['time', { k: 'yesterday', id: ID }],
    ['time', { k: '2026-13-45T99:00:00.000Z', id: ID }],
    ['time', { k: '+275760-09-13T00:00:00.000Z', id: ID }],
    ['time', { k: '2026-12-02', id: ID }],
    ['position', { k: '5', id: 'x' }],
    ['position', { k: -1, id: 'x' }],
    ['position', { k: 1e300, id: 'x' }],
    ['position', { k: 1.5, id: 'x' }],
    ['position', { k: 5, id: 7 }],
  ] as const)('Cursor_WhenForged_IsAValidationErrorOnCursor (%s %j)', (sort, value) => {
    expect(() => decodeCursor(forge(value), sort as 'text')).toThrow(ValidationError);
  });

  it('ToPage_WhenOneRowMoreThanTheLimit_GivesANextCursor', () => {
    const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    const page = toPage(rows, 2, (r) => ({ k: r.id, id: r.id }), (r) => r.id);
    expect(page.items).toEqual(['a', 'b']);
    expect(JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString())).toEqual({ k: 'b', id: 'b' });
    expect(toPage(rows, 3, (r) => ({ k: r.id, id: r.id }), (r) => r.id).nextCursor).toBeNull();
  });
});
