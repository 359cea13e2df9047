import { registerProblemDetails } from '@kelisim/http';

/** kk/ru/en details of the tasks context's error codes (titles come from the problem kinds). */
export function registerTaskProblems(): void {
  registerProblemDetails({
    'TASK.ISSUER_REQUIRED': {
      kk: 'Тапсырманы тек бақылаушы немесе дереккөз ретінде көрсетілген жұмыс тобының төрағасы бере алады.',
      ru: 'Давать поручения может только контролёр или председатель рабочей группы, указанной как источник.',
      en: 'Only a controller, or the chair of the working group named as the source, may issue tasks.',
    },
    'TASK.ISSUED_BY_PROTOCOL': {
      kk: 'Мәжіліс шешімінің тапсырмалары хаттама бекітілгенде беріледі; бекітілген шешімге сілтейтін қосымша тапсырманы тек бақылаушы бере алады.',
      ru: 'Поручения по решению совещания выдаются при утверждении протокола; дополнительное поручение со ссылкой на утверждённое решение может дать только контролёр.',
      en: "A meeting's decision issues its tasks when the protocol is approved; only a controller may add a task citing an approved decision.",
    },
    'TASK.RECURRENCE_RULE': {
      kk: '{field}: ереже қолдау көрсетілетін RRULE жиынына сәйкес емес (FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT немесе UNTIL).',
      ru: '{field}: правило вне поддерживаемого подмножества RRULE (FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT или UNTIL).',
      en: '{field} is outside the supported RRULE subset (FREQ=WEEKLY|MONTHLY, INTERVAL, BYDAY, BYMONTHDAY, COUNT or UNTIL).',
    },
    'TASK.RECURRENCE_DUE_TIME': {
      kk: '{field}: жергілікті уақыт СС:мм түрінде болуы керек.',
      ru: '{field}: должно быть местное время в формате ЧЧ:мм.',
      en: '{field} must be a local time HH:mm.',
    },
    'TASK.RECURRENCE_NO_OCCURRENCE': {
      kk: '{field}: ереже бүгіннен бастап {years} жыл ішінде бірде-бір күнге сәйкес келмейді.',
      ru: '{field}: правило не даёт ни одной даты в пределах {years} лет от сегодняшнего дня.',
      en: '{field} yields no occurrence within {years} years from today.',
    },
    'TASK.RECURRENCE_BEYOND_WINDOW': {
      kk: '{field}: барлық қайталану бүгіннен бастап {years} жыл ішінде болуы керек (UNTIL-ді жақындатыңыз немесе COUNT-ты азайтыңыз).',
      ru: '{field}: все повторения должны укладываться в {years} лет от сегодняшнего дня (приблизьте UNTIL или уменьшите COUNT).',
      en: '{field}: every occurrence must fall within {years} years from today (bring UNTIL closer or lower COUNT).',
    },
    'TASK.RECURRENCE_TOO_MANY': {
      kk: '{field}: ереже {occurrences}-ден көп қайталану береді; UNTIL-ді жақындатыңыз немесе COUNT қолданыңыз.',
      ru: '{field}: правило даёт больше {occurrences} повторений; приблизьте UNTIL или используйте COUNT.',
      en: '{field} yields more than {occurrences} occurrences; bring UNTIL closer or use COUNT.',
    },
    'TASK.TOO_MANY_INSTANCES': {
      kk: '{field}: бір тапсырма {instances} данадан артық тапсырма жасай алмайды (қайталанулар × орындаушылар), мұнда — {requested}.',
      ru: '{field}: одно поручение может создать не больше {instances} экземпляров (повторения × исполнители), здесь — {requested}.',
      en: '{field}: one issue may create at most {instances} instances (occurrences × executors); this one would create {requested}.',
    },
    'TASK.INVALID_TRANSITION': {
      kk: '«{from}» күйіндегі тапсырмада «{action}» әрекеті мүмкін емес (ол «{to}» күйіне әкелер еді).',
      ru: 'Действие «{action}» недопустимо для поручения в статусе «{from}» (оно вело бы в статус «{to}»).',
      en: "Cannot {action} a task in status '{from}' (it would move to '{to}').",
    },
    'EXTENSION_REQUEST.INVALID_TRANSITION': {
      kk: 'Мерзімді ұзарту туралы өтініш «{from}» күйінде; «{action}» әрекеті оны «{to}» күйіне ауыстыра алмайды.',
      ru: 'Запрос на продление срока в статусе «{from}»; действие «{action}» не может перевести его в «{to}».',
      en: "The extension request is '{from}'; {action} cannot move it to '{to}'.",
    },
    'EXTENSION_REQUEST.NOT_FOUND': {
      kk: 'Мерзімді ұзарту туралы өтініш табылмады: {id}.',
      ru: 'Запрос на продление срока не найден: {id}.',
      en: 'No extension request with id {id}.',
    },
    'TASK.NOT_FOUND': { kk: 'Тапсырма табылмады: {id}.', ru: 'Поручение не найдено: {id}.', en: 'No task with id {id}.' },
    'TASK.NOT_EXECUTOR': {
      kk: 'Бұл әрекетті тек тапсырманың орындаушысы жасай алады.',
      ru: 'Это действие может выполнить только исполнитель поручения.',
      en: "Only the task's executor may {action} it.",
    },
    'TASK.CONTROLLER_REQUIRED': {
      kk: 'Бұл әрекетті тек бақылаушы жасай алады.',
      ru: 'Это действие может выполнить только контролёр.',
      en: 'Only a controller may {action} a task.',
    },
    'TASK.EXTENSION_PENDING': {
      kk: 'Мерзімді ұзарту туралы алдыңғы өтініш әлі шешілген жоқ.',
      ru: 'Предыдущий запрос на продление срока ещё не рассмотрен.',
      en: "An extension request ({requestId}) is already awaiting the controller's decision.",
    },
    'TASK.EXTENSION_NOT_LATER': {
      kk: 'Ұсынылған мерзім қазіргі мерзімнен кейін болуы керек.',
      ru: 'Предлагаемый срок должен быть позже текущего.',
      en: 'proposedDueAt must be after the current due date.',
    },
    'TASK.DUE_IN_PAST': {
      kk: '{field}: мерзім болашақта болуы керек.',
      ru: '{field}: срок должен быть в будущем.',
      en: '{field} must be in the future.',
    },
    'TASK.SAME_EXECUTOR': {
      kk: 'Бұл пайдаланушы тапсырманың орындаушысы болып табылады.',
      ru: 'Этот пользователь уже исполнитель поручения.',
      en: 'executorId is already the executor of this task.',
    },
    'TASK.TEXT_LENGTH': {
      kk: '{field}: мәтін ұзындығы рұқсат етілген шектен тыс немесе бос.',
      ru: '{field}: текст пуст или длиннее допустимого.',
      en: '{field} is empty or too long.',
    },
    'TASK.UNKNOWN_USER': {
      kk: '{field}: мұндай белсенді пайдаланушы жоқ.',
      ru: '{field}: нет такого активного пользователя.',
      en: '{field} is not an active user.',
    },
    'TASK.NOT_A_CONTROLLER': {
      kk: '{field}: пайдаланушының бақылаушы рөлі жоқ.',
      ru: '{field}: у пользователя нет роли контролёра.',
      en: '{field} must be a user with the controller role.',
    },
  });
}
