import { describe, expect, it } from '@jest/globals';
import { ROLES } from './actor.js';
import { GLOSSARY, GLOSSARY_LOCALES, isGlossaryKey, privateDuplicates, term } from './glossary.js';
import { LOCALES } from './locale.js';

describe('the glossary of statuses and roles', () => {
  it('EveryTerm_HasAllThreeLanguages_NoneEmpty', () => {
    expect([...GLOSSARY_LOCALES]).toEqual([...LOCALES]);
    for (const [key, entry] of Object.entries(GLOSSARY)) {
      expect([key, Object.keys(entry).sort()]).toEqual([key, [...LOCALES].sort()]);
      for (const locale of LOCALES) expect([key, locale, entry[locale].trim().length > 0]).toEqual([key, locale, true]);
    }
  });

  it('EveryKey_IsAConceptDotValue', () => {
    for (const key of Object.keys(GLOSSARY)) expect(key).toMatch(/^[a-z][A-Za-z]+\.[a-z_]+$/);
  });

  it('EveryRole_HasItsTerm', () => {
    for (const role of ROLES) expect(isGlossaryKey(`userRole.${role}`)).toBe(true);
  });

  it('Term_InEachLanguage_AndKazakhForAnUnknownOne', () => {
    expect(term('versionStatus.superseded', 'kk')).toBe('Жаңа нұсқамен ауыстырылды');
    expect(term('versionStatus.superseded', 'ru')).toBe('Заменена новой версией');
    expect(term('versionStatus.superseded', 'en')).toBe('Superseded by a later version');
    expect(term('taskStatus.done', 'de')).toBe('Орындалды');
    expect(isGlossaryKey('taskStatus.lost')).toBe(false);
    expect(isGlossaryKey('toString')).toBe(false);
  });

  it('PrivateDuplicates_AreTextsEqualToOneTermInEveryLanguage_NotACoincidenceInOne', () => {
    const texts = {
      kk: { chair: 'Төраға', active: 'Белсенді', heading: 'Тараптар' },
      ru: { chair: 'председатель', active: 'Активен', heading: 'Стороны' },
      en: { chair: 'Chair', active: 'Active', heading: 'Parties' },
    };
    expect(privateDuplicates(texts)).toEqual(['chair']);
  });
});
