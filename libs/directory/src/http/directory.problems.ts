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
    'SUBSTITUTION.SELF': {
      kk: 'Міндетін атқарушы басшының өзі бола алмайды: басқа қызметкерді таңдаңыз (deputyId).',
      ru: 'Исполняющим обязанности не может быть сам замещаемый: выберите другого сотрудника (deputyId).',
      en: 'The deputy must be another person than the principal (deputyId).',
    },
    'SUBSTITUTION.DEPUTY_OTHER_ORGANIZATION': {
      kk: 'Міндетін атқарушы сол ұйымның қызметкері болуы тиіс (deputyId).',
      ru: 'Исполняющий обязанности должен быть сотрудником той же организации (deputyId).',
      en: "The deputy must work in the principal's organization (deputyId).",
    },
    'SUBSTITUTION.BACK_DATED': {
      kk: 'Алмастыру өткен күннен басталмайды: басталу уақыты қазіргіден ерте болмауы тиіс (from).',
      ru: 'Замещение не может начинаться задним числом: начало не раньше текущего момента (from).',
      en: 'A substitution cannot be back-dated: it must not start before now (from).',
    },
    'SUBSTITUTION.EMPTY_PERIOD': {
      kk: 'Аяқталу уақыты басталу уақытынан кейін болуы тиіс (to).',
      ru: 'Окончание должно быть позже начала (to).',
      en: 'The end must come after the start (to).',
    },
    'SUBSTITUTION.TOO_LONG': {
      kk: 'Алмастыру бір жылдан аспайды (to).',
      ru: 'Замещение длится не более года (to).',
      en: 'A substitution lasts at most a year (to).',
    },
    'SUBSTITUTION.OVERLAPS': {
      kk: 'Бұл кезеңнің бір бөлігінде басшының міндетін басқа қызметкер атқарады (from).',
      ru: 'На часть этого периода у замещаемого уже есть исполняющий обязанности (from).',
      en: 'The principal already has a deputy for part of this period (from).',
    },
    'SUBSTITUTION.NOT_ALLOWED': {
      kk: 'Алмастыруды тек әкімші немесе басшының жоғары тұрған басшысы тіркей алады.',
      ru: 'Замещение может оформить только администратор или вышестоящий руководитель замещаемого.',
      en: 'Only an admin or a head of the principal may record or end a substitution.',
    },
  });
}
