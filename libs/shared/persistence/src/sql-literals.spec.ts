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

  it('WithLiterals_OfAPlaceholderWithoutAValue_IsARangeError', () => {
    expect(() => withLiterals('SELECT $2', [1])).toThrow(RangeError);
    expect(() => withLiterals('SELECT $0', [1])).toThrow(RangeError);
  });

  it('WithLiterals_CopiesStringsAndTheirEscapes_AndWritesThePlaceholdersAfterThem', () => {
    expect(withLiterals("SELECT 'it''s', $1", ['x'])).toBe("SELECT 'it''s', 'x'");
    expect(withLiterals("SELECT E'a\\'b', $1", ['x'])).toBe("SELECT E'a\\'b', 'x'");
    expect(withLiterals("SELECT e'\\\\', $1", ['x'])).toBe("SELECT e'\\\\', 'x'");
    // Without E a backslash is an ordinary character: the string ends at the next quote.
    expect(withLiterals("SELECT 'a\\', $1", ['x'])).toBe("SELECT 'a\\', 'x'");
    // An identifier ending in e is not an E'' prefix.
    expect(withLiterals("SELECT name'a\\', $1", ['x'])).toBe("SELECT name'a\\', 'x'");
  });

  it('WithLiterals_OfAPlaceholderInsideAString_Refuses', () => {
    expect(() => withLiterals("SELECT '$1'", ['x'])).toThrow(/\$1 inside a quoted string/);
    expect(() => withLiterals("SELECT 'it''s $2'", ['x', 'y'])).toThrow(/\$2 inside a quoted string/);
    expect(() => withLiterals("SELECT E'\\'$1'", ['x'])).toThrow(/\$1 inside a quoted string/);
    expect(() => withLiterals("SELECT $1 WHERE a LIKE '%$1%'", ['x'])).toThrow(/inside a quoted string/);
  });

  it('WithLiterals_OfAPlaceholderInsideAQuotedIdentifier_Refuses_AndCopiesOtherQuotedIdentifiers', () => {
    expect(() => withLiterals('SELECT 1 AS "$1"', ['x'])).toThrow(/inside a quoted identifier/);
    expect(withLiterals('SELECT $1 AS "a ""b"" \'c"', ['x'])).toBe('SELECT \'x\' AS "a ""b"" \'c"');
  });

  it('WithLiterals_CopiesComments_EvenWithDollarsInThem', () => {
    expect(withLiterals('SELECT $1 -- $1 is the id\n, $2', ['x', 'y'])).toBe("SELECT 'x' -- $1 is the id\n, 'y'");
    expect(withLiterals("SELECT /* $1 /* nested $2 */ 'q */ $1", ['x'])).toBe("SELECT /* $1 /* nested $2 */ 'q */ 'x'");
  });

  it('WithLiterals_OfADollarQuotedString_Refuses', () => {
    expect(() => withLiterals('SELECT $$a$$, $1', ['x'])).toThrow(/dollar-quoted/);
    expect(() => withLiterals('SELECT $body$ $1 $body$', ['x'])).toThrow(/dollar-quoted/);
    expect(() => withLiterals('DO $_$ BEGIN END $_$', [])).toThrow(/dollar-quoted/);
  });

  it('WithLiterals_OfADollarInsideAnIdentifier_LeavesItThere', () => {
    expect(withLiterals('SELECT a$1, $1 FROM t$x', ['x'])).toBe("SELECT a$1, 'x' FROM t$x");
  });

  it('WithLiterals_OfAnUnterminatedStringOrComment_Refuses', () => {
    expect(() => withLiterals("SELECT 'a, $1", ['x'])).toThrow(/unterminated string/);
    expect(() => withLiterals('SELECT "a, $1', ['x'])).toThrow(/unterminated quoted identifier/);
    expect(() => withLiterals('SELECT /* a, $1', ['x'])).toThrow(/unterminated comment/);
  });

  it('WithLiterals_OfAValueThatLooksLikeSql_WritesItAsOneLiteral', () => {
    expect(withLiterals('SELECT $1, $2', ["'$2", '$$'])).toBe("SELECT '''$2', '$$'");
  });
});
