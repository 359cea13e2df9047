import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { negotiateLocale, unsafeText } from '@kelisim/kernel';
import { toProblem } from './problem.filter.js';
import { type FieldError, RequestValidationError } from './request-validation.error.js';

/** SPEC: JSON nested deeper than this is a 400, refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Whether the raw JSON text `body` nests objects and arrays deeper than `max`: one pass over its
 * bytes, outside strings counting brackets, stopping at the first level too deep. Malformed text
 * is left to the parser.
 */
export function jsonDepthExceeds(body: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

const child = (parent: string, key: string): string => {
  if (!parent) return key;
  return /^\d+$/.test(key) ? `${parent}[${key}]` : `${parent}.${key}`;
};
/** An unsafe key as a field name: whatever is not a letter, digit, `_`, `$` or `-` replaced. */
const shown = (key: string): string => key.replace(/[^\p{L}\p{N}_$-]/gu, '\uFFFD');

const MESSAGES = {
  controlCharacter: (field: string) => `${field} contains a control character`,
  invalidUnicode: (field: string) => `${field} is not valid Unicode`,
  null: (field: string) => `${field} must not be null`,
};

/** Every string (keys too) and, in bodies, every null of a parsed value, with the field it sits at. */
function screen(value: unknown, field: string, nullRefused: boolean, errors: FieldError[]): void {
  if (errors.length >= 20) return;
  if (typeof value === 'string') {
    const reason = unsafeText(value);
    if (reason) errors.push({ field, code: reason, message: MESSAGES[reason](field) });
  } else if (value === null) {
    if (nullRefused) errors.push({ field, code: 'null', message: MESSAGES.null(field) });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => screen(item, child(field, String(index)), nullRefused, errors));
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const reason = unsafeText(key);
      const at = child(field, reason ? shown(key) : key);
      if (reason) errors.push({ field: at, code: reason, message: MESSAGES[reason](at) });
      else screen(item, at, nullRefused, errors);
    }
  }
}

/**
 * One place for text no field accepts: control characters (but tab, line feed, carriage return)
 * and lone surrogates in any body value, body key or query parameter, and `null` anywhere in a body
 * (no field of this API takes null; SPEC: "`null` where a value is required" is a 400). Answered as
 * the ValidationPipe answers, naming each field, before any guard or handler sees the request.
 */
export function inputScreening(): RequestHandler {
  return (req: Request, res: Response, next: NextFunction): void => {
    const errors: FieldError[] = [];
    if (req.query && typeof req.query === 'object') screen(req.query, '', false, errors);
    if (req.body !== undefined && typeof req.body === 'object') screen(req.body, '', true, errors);
    if (errors.length === 0) return next();
    const problem = toProblem(new RequestValidationError(errors), negotiateLocale(req.headers['accept-language']), req.originalUrl);
    res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  };
}
