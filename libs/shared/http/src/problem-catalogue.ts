import type { Locale, LocalizedText } from '@kelisim/kernel';
import { interpolate } from '@kelisim/kernel';

export interface ProblemKind {
  status: number;
  slug: string;
  title: LocalizedText;
}

export const PROBLEM_BASE = 'https://kelisim.kz/problems/';

export const PROBLEMS = {
  validation: { status: 400, slug: 'validation', title: { kk: 'Сұраныс дұрыс емес', ru: 'Некорректный запрос', en: 'Invalid request' } },
  malformed: { status: 400, slug: 'malformed-json', title: { kk: 'JSON қате жазылған', ru: 'Некорректный JSON', en: 'Malformed JSON' } },
  unauthorized: { status: 401, slug: 'unauthorized', title: { kk: 'Кіру қажет', ru: 'Требуется вход', en: 'Authentication required' } },
  forbidden: { status: 403, slug: 'forbidden', title: { kk: 'Рұқсат жоқ', ru: 'Доступ запрещён', en: 'Forbidden' } },
  notFound: { status: 404, slug: 'not-found', title: { kk: 'Табылмады', ru: 'Не найдено', en: 'Not found' } },
  invalidTransition: {
    status: 409,
    slug: 'invalid-transition',
    title: { kk: 'Бұл күйде әрекет мүмкін емес', ru: 'Действие недопустимо в текущем состоянии', en: 'Transition not allowed' },
  },
  conflict: { status: 409, slug: 'conflict', title: { kk: 'Қайшылық', ru: 'Конфликт', en: 'Conflict' } },
  staleRevision: {
    status: 412,
    slug: 'stale-revision',
    title: { kk: 'Нұсқа ескірген', ru: 'Версия устарела', en: 'Stale revision' },
  },
  tooLarge: { status: 413, slug: 'payload-too-large', title: { kk: 'Сұраныс тым үлкен', ru: 'Слишком большой запрос', en: 'Payload too large' } },
  unsupportedMedia: {
    status: 415,
    slug: 'unsupported-media-type',
    title: { kk: 'Мазмұн түрі қолдау көрсетілмейді', ru: 'Неподдерживаемый тип содержимого', en: 'Unsupported media type' },
  },
  idempotencyMismatch: {
    status: 422,
    slug: 'idempotency-key-reused',
    title: {
      kk: 'Idempotency-Key басқа сұраныспен қолданылған',
      ru: 'Idempotency-Key использован с другим запросом',
      en: 'Idempotency-Key reused with a different request',
    },
  },
  signatureRefused: {
    status: 422,
    slug: 'signature-refused',
    title: { kk: 'Қолтаңба қабылданбады', ru: 'Подпись не принята', en: 'Signature refused' },
  },
  tooManyRequests: {
    status: 429,
    slug: 'too-many-requests',
    title: { kk: 'Тым көп әрекет', ru: 'Слишком много попыток', en: 'Too many requests' },
  },
  unavailable: {
    status: 503,
    slug: 'service-unavailable',
    title: { kk: 'Қызмет уақытша қолжетімсіз', ru: 'Сервис временно недоступен', en: 'Service unavailable' },
  },
  internal: { status: 500, slug: 'internal', title: { kk: 'Ішкі қате', ru: 'Внутренняя ошибка', en: 'Internal error' } },
} as const satisfies Record<string, ProblemKind>;

/** Details of the errors a person most often meets, in the three languages; others fall back to English. */
const DETAILS: Record<string, LocalizedText> = {
  INVALID_TRANSITION: {
    kk: '«{from}» күйінде «{action}» әрекеті мүмкін емес ({entity}).',
    ru: 'Действие «{action}» недопустимо в состоянии «{from}» ({entity}).',
    en: "Cannot {action} a {entity} in status '{from}'.",
  },
  NOT_FOUND: { kk: '{entity} табылмады: {id}.', ru: '{entity} не найден(а): {id}.', en: 'No {entity} with id {id}.' },
  CONCURRENT_CHANGE: {
    kk: 'Бұл жазбаны басқа сұраныс өзгертті; қайта жүктеп, әрекетті қайталаңыз.',
    ru: 'Запись изменена другим запросом; обновите и повторите.',
    en: 'The {streamType} was changed by another request; reload and retry.',
  },
  STALE_REVISION: {
    kk: 'If-Match нұсқасы {expected} ескірген; қазіргі нұсқа {actual}.',
    ru: 'Версия If-Match {expected} устарела; текущая версия {actual}.',
    en: 'If-Match revision {expected} is stale; the current revision is {actual}.',
  },
  'AUTH.INVALID_CREDENTIALS': {
    kk: 'Электрондық пошта немесе құпиясөз қате.',
    ru: 'Неверный адрес электронной почты или пароль.',
    en: 'Wrong e-mail or password.',
  },
  'AUTH.TOKEN_REQUIRED': {
    kk: 'Authorization: Bearer <token> тақырыбы қажет.',
    ru: 'Нужен заголовок Authorization: Bearer <token>.',
    en: 'An Authorization: Bearer <token> header is required.',
  },
  'AUTH.TOO_MANY_FAILED_LOGINS': {
    kk: 'Сәтсіз кіру әрекеттері тым көп; {retryAfter} секундтан кейін қайталаңыз.',
    ru: 'Слишком много неудачных попыток входа; повторите через {retryAfter} с.',
    en: 'Too many failed logins; try again in {retryAfter} seconds.',
  },
  'AUTH.ROLE_REQUIRED': {
    kk: 'Бұл әрекет үшін мына рөлдің бірі қажет: {roles}.',
    ru: 'Для этого действия нужна одна из ролей: {roles}.',
    en: 'This action needs one of the roles: {roles}.',
  },
  'REQUEST.INVALID': {
    kk: 'Сұраныста қате өрістер бар: {fields}.',
    ru: 'В запросе некорректные поля: {fields}.',
    en: 'The request has invalid fields: {fields}.',
  },
  'REQUEST.MALFORMED_JSON': {
    kk: 'Сұраныс денесі дұрыс JSON емес.',
    ru: 'Тело запроса — некорректный JSON.',
    en: 'The request body is not valid JSON.',
  },
  'REQUEST.TOO_DEEP': {
    kk: 'Сұраныс денесіндегі JSON {depth} деңгейден терең салынған.',
    ru: 'JSON в теле запроса вложен глубже {depth} уровней.',
    en: 'The JSON of the request body is nested deeper than {depth} levels.',
  },
  'REQUEST.TOO_LARGE': {
    kk: 'Сұраныс денесі {limit} шегінен асады.',
    ru: 'Тело запроса превышает {limit}.',
    en: 'The request body exceeds {limit}.',
  },
  'REQUEST.ROUTE_NOT_FOUND': {
    kk: 'Мұндай мекенжай жоқ: {path}.',
    ru: 'Такого адреса нет: {path}.',
    en: 'There is no such route: {path}.',
  },
  'IDEMPOTENCY.KEY_REUSED': {
    kk: 'Бұл Idempotency-Key басқа сұраныспен бұрын қолданылған.',
    ru: 'Этот Idempotency-Key уже использован с другим запросом.',
    en: 'This Idempotency-Key was already used with a different request.',
  },
  'SERVICE.UNAVAILABLE': {
    kk: '{service} қолжетімсіз; ештеңе өзгертілген жоқ. Кейінірек қайталаңыз.',
    ru: '{service} недоступен; ничего не изменено. Повторите позже.',
    en: '{service} is unreachable; nothing was changed. Try again later.',
  },
};

export function localizedDetail(
  code: string,
  locale: Locale,
  params: Record<string, string | number>,
  fallback: string,
): string {
  const template = DETAILS[code] ?? DETAILS[code.replace(/^[A-Z_]+\./, '')];
  return template ? interpolate(template[locale], params) : fallback;
}

/** Contexts add the kk/ru/en details of their own error codes here. */
export function registerProblemDetails(details: Record<string, LocalizedText>): void {
  Object.assign(DETAILS, details);
}
