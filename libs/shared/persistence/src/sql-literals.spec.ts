import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { quote, withLiterals } from './sql-literals.js';

describe('SQL literals', () => {
  it('Quote_OfAnyText_IsWhatEscapeLiteralGives', () => {
    const texts = ['', 'plain', "it's", "''", 'back\\slash', "both ' and \\", '\\\\', 'Қазақ тілі', '{"a":"b\\"c"}', "'; DROP TABLE x; --"];
    for (const text of texts) expect(quote(text)).toBe(pg.escapeLiteral(text));
  });

  it('WithLiterals_WritesEachPlaceholderOnce_AndTenIsNotOneThenZero', () => {
    const values = Array.from({ length: 10 }, (_, i) => `v${i + 1}`);
    expect(withLiterals('SELECT $1, $10, $2::uuid[]', values)).toBe("SELECT 'v1', 'v10', 'v2'::uuid[]");
    expect(withLiterals('SELECT $1, $2, $3', [null, [1, 2], true])).toBe("SELECT NULL, '{\"1\",\"2\"}', 'true'");
  });
});
