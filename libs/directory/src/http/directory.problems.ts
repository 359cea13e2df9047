import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en details of the directory's error codes that a person meets when filling in a form. */
export function registerDirectoryProblems(): void {
  registerProblemDetails({
    'DIRECTORY.INVALID_BIN': {
      kk: 'БСН 12 цифрдан тұруы және бақылау разряды дұрыс болуы тиіс.',
      ru: 'БИН должен состоять из 12 цифр с верным контрольным разрядом.',
      en: 'The BIN must be 12 digits with a valid check digit.',
    },
    'DIRECTORY.INVALID_IIN': {
      kk: 'ЖСН 12 цифрдан тұруы және бақылау разряды дұрыс болуы тиіс.',
      ru: 'ИИН должен состоять из 12 цифр с верным контрольным разрядом.',
      en: 'The IIN must be 12 digits with a valid check digit.',
    },
  });
}
