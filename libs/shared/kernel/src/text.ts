/**
 * Text a person may send: no control characters (C0 and C1, DEL) except tab, line feed and carriage
 * return, and well-formed UTF-16 (no lone surrogate). SPEC: anything else is a 400 naming the field.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export type UnsafeText = 'controlCharacter' | 'invalidUnicode';

/** Why `text` may not be accepted, or undefined when it may. */
export function unsafeText(text: string): UnsafeText | undefined {
  if (CONTROL.test(text)) return 'controlCharacter';
  if (LONE_SURROGATE.test(text)) return 'invalidUnicode';
  return undefined;
}
