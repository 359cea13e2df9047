import pgUtils from 'pg/lib/utils.js';

/**
 * A parameterised statement with its parameters written in as quoted literals, for the few places
 * that send several statements in one simple-protocol message (which takes no parameters). Each
 * value becomes exactly the text node-postgres would have sent as that parameter (`prepareValue`:
 * arrays as PostgreSQL array literals, dates with their offset, objects as JSON), quoted by
 * `quote`; the statement's own casts (`$1::uuid[]`) type it as before. The statement text
 * itself must hold no `$n` but its placeholders (no dollar-quoted strings).
 */
export function withLiterals(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new RangeError(`no value for $${n}`);
    const value = pgUtils.prepareValue(values[index]) as string | Buffer | null;
    if (value === null || value === undefined) return 'NULL';
    return quote(Buffer.isBuffer(value) ? `\\x${value.toString('hex')}` : value);
  });
}

/**
 * What `pg.escapeLiteral` returns (quotes doubled; with backslashes, an E'' string with them
 * doubled), with two regular-expression replacements instead of a loop over every character:
 * a memorandum's versions are tens of kilobytes of JSON.
 */
export function quote(text: string): string {
  const quoted = text.includes("'") ? text.replace(/'/g, "''") : text;
  return text.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}
