import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en details of the directory's error codes that a person meets when filling in a form. */
export function registerDirectoryProblems(): void {
  registerProblemDetails({
    'USER.CURRENT_PASSWORD_WRONG': {
      kk: 'Қазіргі құпиясөз қате.',
      ru: 'Текущий пароль указан неверно.',
      en: 'The current password is wrong.',
    },
    'USER.OWN_PASSWORD_AT_ME': {
      kk: 'Өз құпиясөзіңізді қазіргі құпиясөзді енгізіп, «Құпиясөзді өзгерту» арқылы өзгертіңіз.',
      ru: 'Свой пароль меняется через «Смену пароля» с вводом текущего пароля.',
      en: 'Your own password is changed through "Change password", with the current password.',
    },
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
