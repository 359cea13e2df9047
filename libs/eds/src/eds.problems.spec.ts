import { describe, expect, it } from '@jest/globals';
import { localizedDetail } from '@kelisim/http';
import { LOCALES } from '@kelisim/kernel';
import { EDS_RULES } from './domain/eds.errors.js';
import { registerEdsProblems } from './eds.problems.js';

describe('the texts of the signing policy', () => {
  registerEdsProblems();

  it.each([...EDS_RULES, 'VERIFIER_UNAVAILABLE'])('Rule_%s_HasItsOwnTextInKazakhRussianAndEnglish', (rule) => {
    const texts = LOCALES.map((locale) => localizedDetail(`EDS.${rule}`, locale, { why: 'x', algorithm: 'x', count: 2, issuer: 'x', eku: 'x', notBefore: 'x', notAfter: 'x', found: 'x', expected: 'x' }, 'FALLBACK'));
    expect(texts).not.toContain('FALLBACK');
    expect(new Set(texts).size).toBe(3);
    for (const text of texts) expect(text).not.toMatch(/\{\w+\}/);
  });
});
