import { describe, expect, it } from '@jest/globals';
import { LOCALES, privateDuplicates } from '@kelisim/kernel';
import { EXPORT_LABELS } from './export-labels.js';

describe('export labels', () => {
  it('EveryLabel_InAllThreeLanguages_NoneEmpty', () => {
    const keys = Object.keys(EXPORT_LABELS.kk).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(EXPORT_LABELS[locale]).sort()).toEqual(keys);
      for (const key of keys) expect([locale, key, EXPORT_LABELS[locale][key as keyof typeof EXPORT_LABELS.kk].trim() !== '']).toEqual([locale, key, true]);
    }
  });

  it('NoLabel_RepeatsAGlossaryTerm_StatusesAndRolesComeFromTheGlossary', () => {
    expect(privateDuplicates({ ...EXPORT_LABELS } as unknown as Parameters<typeof privateDuplicates>[0])).toEqual([]);
  });
});
