import pgUtils from 'pg/lib/utils.js';

/**
 * A parameterised statement with its parameters written in as quoted literals, for the places that
 * send several statements in one simple-protocol message (which takes no parameters). Each value
 * becomes exactly the text node-postgres would have sent as that parameter (`prepareValue`: arrays
 * as PostgreSQL array literals, dates with their offset, objects as JSON), quoted by `quote`; the
 * statement's own casts (`$1::uuid[]`) type it as before.
 *
 * The statement is read as PostgreSQL's lexer reads it: comments (`--`, nested `/* *\/`), strings
 * ('' and E'' with their escapes) and quoted identifiers are copied as they are, and `$` inside an
 * identifier (`a$1`) is part of it. A `$n` inside a string or a quoted identifier is refused (with
 * parameters it would stay text there: a placeholder in quotes is a mistake either way), and so is
 * a dollar-quoted string (`$$…$$`, `$tag$…$tag$`), whose end this writer does not look for.
 */
export function withLiterals(text: string, values: readonly unknown[]): string {
  const { chunks, placeholders } = templateOf(text);
  let out = chunks[0];
  for (let k = 0; k < placeholders.length; k++) out += literal(values, placeholders[k]) + chunks[k + 1];
  return out;
}

/** A statement cut at its placeholders: `chunks[k]`, the value of `$placeholders[k]`, `chunks[k + 1]`, … */
interface Template {
  chunks: string[];
  placeholders: number[];
}

/**
 * The statements of the platform are a few hundred constant texts sent again and again: each is
 * read once (the lexer below walks every character) and its cuts kept. A text that is built per
 * call (an IN list, a filter) would fill the map: past the limit it is cleared and starts over.
 */
const templates = new Map<string, Template>();
const TEMPLATE_LIMIT = 2000;

function templateOf(text: string): Template {
  let template = templates.get(text);
  if (template === undefined) {
    template = parseTemplate(text);
    if (templates.size >= TEMPLATE_LIMIT) templates.clear();
    templates.set(text, template);
  }
  return template;
}

function parseTemplate(text: string): Template {
  const chunks: string[] = [];
  const placeholders: number[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      i = skipLine(text, i);
    } else if (c === '/' && next === '*') {
      i = skipBlockComment(text, i);
    } else if (c === "'") {
      i = skipString(text, i, isEscapeStringStart(text, i));
    } else if (c === '"') {
      i = skipQuoted(text, i, '"');
    } else if (c === '$' && !isIdentifierPart(text[i - 1])) {
      const digits = /^\$(\d+)/.exec(text.slice(i, i + 12));
      if (!digits) {
        if (/^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.test(text.slice(i, i + 64))) {
          throw new SyntaxError(`a dollar-quoted string at ${i}: write it as a parameter, or send the statement with parameters`);
        }
        i += 1;
        continue;
      }
      chunks.push(text.slice(copied, i));
      placeholders.push(Number(digits[1]));
      i += digits[0].length;
      copied = i;
    } else {
      i += 1;
    }
  }
  chunks.push(text.slice(copied));
  return { chunks, placeholders };
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

function literal(values: readonly unknown[], n: number): string {
  if (n < 1 || n > values.length) throw new RangeError(`no value for $${n}`);
  const given = values[n - 1];
  // A string is sent as it is (prepareValue's `toString()`): most values are, and need no call.
  const value = typeof given === 'string' ? given : (pgUtils.prepareValue(given) as string | Buffer | null);
  if (value === null || value === undefined) return 'NULL';
  return quote(Buffer.isBuffer(value) ? `\\x${value.toString('hex')}` : value);
}

/** Letters, digits, `_` and `$` continue an identifier (or a number, or a placeholder's digits). */
function isIdentifierPart(c: string | undefined): boolean {
  return c !== undefined && /[\w$\u0080-\uffff]/.test(c);
}

/** `E'…'` (or `e'…'`): backslash escapes apply. `E` must start a token, not end an identifier. */
function isEscapeStringStart(text: string, quoteAt: number): boolean {
  const e = text[quoteAt - 1];
  return (e === 'E' || e === 'e') && !isIdentifierPart(text[quoteAt - 2]);
}

function refusePlaceholder(text: string, from: number, to: number, what: string): void {
  const found = /\$\d+/.exec(text.slice(from, to));
  if (found) throw new SyntaxError(`${found[0]} inside ${what} at ${from}: a placeholder cannot be written into it`);
}

function skipLine(text: string, start: number): number {
  const end = text.indexOf('\n', start);
  return end === -1 ? text.length : end;
}

/** PostgreSQL's block comments nest. */
function skipBlockComment(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth += 1;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      depth -= 1;
      i += 2;
      if (depth === 0) break;
    } else {
      i += 1;
    }
  }
  if (depth !== 0) throw new SyntaxError(`an unterminated comment at ${start}`);
  return i;
}

/** A string: `''` stands for a quote; in an E'' string a backslash escapes the next character too. */
function skipString(text: string, start: number, escapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (escapes && c === '\\') {
      i += 2;
    } else if (c === "'") {
      if (text[i + 1] !== "'") {
        refusePlaceholder(text, start, i + 1, 'a quoted string');
        return i + 1;
      }
      i += 2;
    } else {
      i += 1;
    }
  }
  throw new SyntaxError(`an unterminated string at ${start}`);
}

/** A quoted identifier: `""` stands for a double quote. */
function skipQuoted(text: string, start: number, mark: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === mark) {
      if (text[i + 1] !== mark) {
        refusePlaceholder(text, start, i + 1, 'a quoted identifier');
        return i + 1;
      }
      i += 2;
    } else {
      i += 1;
    }
  }
  throw new SyntaxError(`an unterminated quoted identifier at ${start}`);
}
