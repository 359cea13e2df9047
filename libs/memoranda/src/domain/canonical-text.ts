import { createHash } from 'node:crypto';

/**
 * The canonical text of a version, the thing a signature is over: each clause NFC-normalized,
 * numbered "1. text", joined with "\n". Two texts that read the same hash the same.
 */
export function canonicalText(clauses: readonly string[]): string {
  return clauses.map((text, i) => `${i + 1}. ${text.normalize('NFC')}`).join('\n');
}

/** SHA-256 of the canonical text, lower-case hex. */
export function textHash(clauses: readonly string[]): string {
  return createHash('sha256').update(canonicalText(clauses), 'utf8').digest('hex');
}
