import { formatDateTime, interpolate, isGlossaryKey, term, type Locale, type LocalizedText } from '@kelisim/kernel';

export const NOTIFICATION_TYPES = [
  'task.assigned',
  'task.reminder',
  'task.overdue',
  'task.returned',
  'task.extension_decided',
  'memorandum.action_required',
  'memorandum.stage_overdue',
  'memorandum.in_force',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface MessageParams {
  /** The subject's title as its author wrote it (not translated). */
  title: string;
  dueAt?: Date;
  reason?: string;
  decision?: 'approved' | 'rejected';
  /** The memorandum version's status whose stage is due (`in_review`, `approval`, `signing`): named by the glossary. */
  stage?: string;
  version?: number;
  /** The name of the official the recipient acts for (И.о.): the message is theirs, sent to the deputy too. */
  actingFor?: string;
}

/** Added to a message sent to the official acting for its addressee; "И.о." / "м.а." / "Acting" as everywhere. */
const ACTING_FOR: LocalizedText = {
  kk: 'Сіз {name} міндетін атқарушысыз (м.а.).',
  ru: 'Вы исполняете обязанности: {name} (И.о.).',
  en: 'You are acting for {name} (Acting).',
};

interface Template {
  title: LocalizedText;
  body: LocalizedText;
}

export const TEMPLATES: Readonly<Record<NotificationType, Template>> = {
  'task.assigned': {
    title: { kk: 'Жаңа тапсырма: {title}', ru: 'Новое поручение: {title}', en: 'New task: {title}' },
    body: {
      kk: 'Сізге «{title}» тапсырмасы жүктелді. Орындау мерзімі: {due}.',
      ru: 'Вам поручено: «{title}». Срок исполнения: {due}.',
      en: 'You have been assigned “{title}”. Due: {due}.',
    },
  },
  'task.reminder': {
    title: { kk: 'Еске салу: {title}', ru: 'Напоминание: {title}', en: 'Reminder: {title}' },
    body: {
      kk: '«{title}» тапсырмасының орындалу мерзімі — {due}.',
      ru: 'Срок исполнения поручения «{title}» — {due}.',
      en: '“{title}” is due {due}.',
    },
  },
  'task.overdue': {
    title: { kk: 'Мерзімі өтті: {title}', ru: 'Просрочено: {title}', en: 'Overdue: {title}' },
    body: {
      kk: '«{title}» тапсырмасының мерзімі {due} өтіп кетті, ол әлі орындалған жоқ.',
      ru: 'Срок поручения «{title}» истёк {due}, поручение не исполнено.',
      en: '“{title}” was due {due} and is not done yet.',
    },
  },
  'task.returned': {
    title: { kk: 'Есеп қайтарылды: {title}', ru: 'Отчёт возвращён: {title}', en: 'Report returned: {title}' },
    body: {
      kk: '«{title}» бойынша есеп пысықтауға қайтарылды: {reason}',
      ru: 'Отчёт по поручению «{title}» возвращён на доработку: {reason}',
      en: 'Your report on “{title}” was returned: {reason}',
    },
  },
  'task.extension_decided': {
    title: { kk: 'Мерзімді ұзарту туралы шешім: {title}', ru: 'Решение о продлении срока: {title}', en: 'Extension decided: {title}' },
    body: {
      kk: '«{title}» мерзімін ұзарту туралы сұрау: {decision}. Мерзім: {due}.',
      ru: 'Запрос о продлении срока поручения «{title}»: {decision}. Срок: {due}.',
      en: 'Your extension request for “{title}”: {decision}. Due: {due}.',
    },
  },
  'memorandum.action_required': {
    title: { kk: 'Меморандум сіздің әрекетіңізді күтуде: {title}', ru: 'Меморандум ждёт вашего действия: {title}', en: 'Memorandum awaits you: {title}' },
    body: {
      kk: '«{title}» меморандумы сіздің шешіміңізді күтуде (кезең: {stage}). Мерзімі: {due}.',
      ru: 'Меморандум «{title}» ждёт вашего решения (этап: {stage}). Срок: {due}.',
      en: 'The memorandum “{title}” awaits your decision (stage: {stage}). Due: {due}.',
    },
  },
  'memorandum.stage_overdue': {
    title: { kk: 'Меморандум кезеңінің мерзімі өтті: {title}', ru: 'Просрочен этап меморандума: {title}', en: 'Memorandum stage overdue: {title}' },
    body: {
      kk: '«{title}» меморандумының «{stage}» кезеңінің мерзімі {due} өтті.',
      ru: 'Срок этапа «{stage}» меморандума «{title}» истёк {due}.',
      en: 'The stage “{stage}” of the memorandum “{title}” was due {due}.',
    },
  },
  'memorandum.in_force': {
    title: { kk: 'Меморандум күшіне енді: {title}', ru: 'Меморандум вступил в силу: {title}', en: 'Memorandum in force: {title}' },
    body: {
      kk: '«{title}» меморандумының {version}-нұсқасына барлық тараптар қол қойды, ол күшіне енді.',
      ru: 'Все стороны подписали редакцию {version} меморандума «{title}»; она вступила в силу.',
      en: 'Every party has signed version {version} of the memorandum “{title}”; it is in force.',
    },
  },
};

/** A stage by its version status's term, in the glossary's words; a stage the glossary does not know, as given. */
function stageName(stage: string | undefined, locale: Locale): string {
  if (!stage) return '';
  const key = `versionStatus.${stage}`;
  return isGlossaryKey(key) ? term(key, locale) : stage;
}

export function render(type: NotificationType, locale: Locale, timeZone: string, params: MessageParams): { title: string; body: string } {
  const template = TEMPLATES[type];
  const values: Record<string, string | number> = {
    title: params.title,
    due: formatDateTime(params.dueAt, locale, timeZone),
    reason: params.reason ?? '',
    // Inside a sentence, after a colon: the glossary's term in lower case.
    decision: params.decision ? term(`extensionStatus.${params.decision}`, locale).toLocaleLowerCase(locale) : '',
    stage: stageName(params.stage, locale),
    version: params.version ?? '',
  };
  const body = interpolate(template.body[locale], values);
  return {
    title: interpolate(template.title[locale], values),
    body: params.actingFor ? `${body} ${interpolate(ACTING_FOR[locale], { name: params.actingFor })}` : body,
  };
}

const DIGEST_TITLE: LocalizedText = {
  kk: 'Kelisim: күнделікті шолу ({count} хабарлама)',
  ru: 'Kelisim: сводка за день ({count} уведомл.)',
  en: 'Kelisim: daily digest ({count} notifications)',
};

/** The subject of a daily digest in the reader's language. */
export function digestTitle(locale: Locale, count: number): string {
  return interpolate(DIGEST_TITLE[locale], { count });
}
