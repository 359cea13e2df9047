// @ts-check
/**
 * The one glossary of Kelisim's statuses and roles: one term per concept in Kazakh, Russian and
 * English, used by the console, e-mails and exports alike. A plain ES module with no imports, so the
 * API process serves this very file to the browser (`/glossary.js`, libs/platform/src/web-console.ts)
 * and the server imports it through the kernel's index (docs/DECISIONS.md, "One glossary").
 *
 * A term is a label (capitalised, nominative). A sentence that needs another form writes its own
 * sentence around the label (`Срок: …`, `(этап: …)`), it does not keep a second word for the concept.
 */

export const GLOSSARY = Object.freeze({
  // People's roles in the platform (kernel ROLES).
  'userRole.admin': { kk: 'Әкімші', ru: 'Администратор', en: 'Administrator' },
  'userRole.controller': { kk: 'Бақылаушы', ru: 'Контролёр', en: 'Controller' },
  'userRole.prosecutor': { kk: 'Прокурор', ru: 'Прокурор', en: 'Prosecutor' },
  'userRole.signatory': { kk: 'Қол қоюшы', ru: 'Подписант', en: 'Signatory' },
  // A member's role in a working group.
  'memberRole.chair': { kk: 'Төраға', ru: 'Председатель', en: 'Chair' },
  'memberRole.secretary': { kk: 'Хатшы', ru: 'Секретарь', en: 'Secretary' },
  'memberRole.member': { kk: 'Мүше', ru: 'Член', en: 'Member' },
  // Tasks.
  'taskStatus.assigned': { kk: 'Тағайындалды', ru: 'Назначено', en: 'Assigned' },
  'taskStatus.in_progress': { kk: 'Орындалуда', ru: 'В работе', en: 'In progress' },
  'taskStatus.report_submitted': { kk: 'Есеп жіберілді', ru: 'Отчёт представлен', en: 'Report submitted' },
  'taskStatus.done': { kk: 'Орындалды', ru: 'Исполнено', en: 'Done' },
  'taskStatus.cancelled': { kk: 'Тоқтатылды', ru: 'Отменено', en: 'Cancelled' },
  'taskPriority.low': { kk: 'Төмен', ru: 'Низкий', en: 'Low' },
  'taskPriority.normal': { kk: 'Қалыпты', ru: 'Обычный', en: 'Normal' },
  'taskPriority.high': { kk: 'Жоғары', ru: 'Высокий', en: 'High' },
  'taskPriority.urgent': { kk: 'Шұғыл', ru: 'Срочный', en: 'Urgent' },
  // A controller's decision on an executor's report.
  'reportDecision.accepted': { kk: 'Қабылданды', ru: 'Принят', en: 'Accepted' },
  'reportDecision.returned': { kk: 'Қайтарылды', ru: 'Возвращён', en: 'Returned' },
  // A request to extend a task's deadline.
  'extensionStatus.pending': { kk: 'Қаралуда', ru: 'На рассмотрении', en: 'Pending' },
  'extensionStatus.approved': { kk: 'Мақұлданды', ru: 'Одобрено', en: 'Approved' },
  'extensionStatus.rejected': { kk: 'Қабылданбады', ru: 'Отклонено', en: 'Rejected' },
  'extensionStatus.withdrawn': { kk: 'Кері алынды', ru: 'Отозван', en: 'Withdrawn' },
  // Memoranda and their versions.
  'memorandumStatus.draft': { kk: 'Жоба', ru: 'Проект', en: 'Draft' },
  'memorandumStatus.active': { kk: 'Күшінде', ru: 'Действует', en: 'Active' },
  'memorandumStatus.terminated': { kk: 'Тоқтатылды', ru: 'Прекращён', en: 'Terminated' },
  'versionStatus.draft': { kk: 'Жоба', ru: 'Проект', en: 'Draft' },
  'versionStatus.in_review': { kk: 'Прокуратурада қаралуда', ru: 'На рассмотрении в прокуратуре', en: "In the prosecutor's review" },
  'versionStatus.approval': { kk: 'Келісуде', ru: 'На согласовании', en: 'Approval' },
  'versionStatus.signing': { kk: 'Қол қоюда', ru: 'На подписании', en: 'Signing' },
  'versionStatus.in_force': { kk: 'Күшінде', ru: 'Действует', en: 'In force' },
  'versionStatus.superseded': { kk: 'Жаңа нұсқамен ауыстырылды', ru: 'Заменена новой версией', en: 'Superseded by a later version' },
  'versionStatus.withdrawn': { kk: 'Кері алынды', ru: 'Отозвана', en: 'Withdrawn' },
  // The prosecutor's review of a version.
  'reviewOutcome.cleared': { kk: 'Қараудан өтті', ru: 'Проверка пройдена', en: 'Cleared' },
  'reviewOutcome.returned': { kk: 'Ескертулермен қайтарылды', ru: 'Возвращено с замечаниями', en: 'Returned with remarks' },
  // A substitution (И.о.): who acts for whom, and when.
  'substitutionStatus.current': { kk: 'Қолданыста', ru: 'Действует', en: 'In effect' },
  'substitutionStatus.scheduled': { kk: 'Алда', ru: 'Предстоит', en: 'Upcoming' },
  'substitutionStatus.over': { kk: 'Аяқталды', ru: 'Завершено', en: 'Over' },
  // Working groups and their meetings.
  'groupStatus.active': { kk: 'Жұмыс істейді', ru: 'Действует', en: 'Active' },
  'groupStatus.disbanded': { kk: 'Таратылды', ru: 'Расформирована', en: 'Disbanded' },
  'meetingStatus.planned': { kk: 'Жоспарланған', ru: 'Запланировано', en: 'Planned' },
  'meetingStatus.held': { kk: 'Өтті', ru: 'Проведено', en: 'Held' },
  'meetingStatus.protocol_approved': { kk: 'Хаттама бекітілді', ru: 'Протокол утверждён', en: 'Protocol approved' },
});

/** @typedef {keyof typeof GLOSSARY} GlossaryKey */

/** The glossary's languages, in the kernel's order. */
export const GLOSSARY_LOCALES = Object.freeze(/** @type {const} */ (['kk', 'ru', 'en']));

/**
 * The term for `key` in `locale` (Kazakh when the language is not one of the three).
 * @param {GlossaryKey} key
 * @param {string} locale
 * @returns {string}
 */
export function term(key, locale) {
  const entry = GLOSSARY[key];
  return entry[/** @type {'kk' | 'ru' | 'en'} */ (locale in entry ? locale : 'kk')];
}

/**
 * Whether `key` names a term: for values that arrive as text (a status read from the API).
 * @param {string} key
 * @returns {key is GlossaryKey}
 */
export function isGlossaryKey(key) {
  return Object.prototype.hasOwnProperty.call(GLOSSARY, key);
}

/**
 * The keys of `texts` (per language, key → text) that privately repeat a glossary term: the same
 * text as one term in every language (case aside). A word that matches a term in one language only
 * is a different concept («Active» person and «Active» group), not a duplicate.
 * @param {Record<'kk' | 'ru' | 'en', Record<string, string>>} texts
 * @returns {string[]}
 */
export function privateDuplicates(texts) {
  const duplicates = [];
  for (const key of Object.keys(texts.kk)) {
    const same = Object.entries(GLOSSARY).some(([, entry]) =>
      GLOSSARY_LOCALES.every((locale) => (texts[locale][key] ?? '').trim().toLowerCase() === entry[locale].toLowerCase()),
    );
    if (same) duplicates.push(key);
  }
  return duplicates;
}
