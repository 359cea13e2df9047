/*
 * Strict text encodings shared by the note, checkpoint and key formats. The formats are
 * signed and compared byte for byte, so only one spelling of a value is accepted: canonical
 * base64 (RFC 4648 §4, padded, zero trailing bits), decimal without leading zeros.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes canonical standard base64, or returns undefined. Node's own decoder skips bad characters. */
export function decodeBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : undefined;
}

/** A non-negative decimal that JavaScript holds exactly, with no sign, spaces or leading zeros. */
export function parseDecimal(text: string): number | undefined {
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

// eslint-disable-next-line no-control-regex -- the rule is exactly about control characters
const CONTROL = /[\u0000-\u0009\u000B-\u001F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot appear in a signed note (not UTF-8, or an ASCII control other than newline), or undefined. */
export function noteTextFault(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'it is not valid UTF-8';
  if (CONTROL.test(text)) return 'it contains a control character other than newline';
  return undefined;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes as UTF-8 text, or undefined when they are not valid UTF-8. A BOM is kept: it is signed text. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
