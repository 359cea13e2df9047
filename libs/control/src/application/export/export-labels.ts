import type { Locale, LocalizedText } from '@kelisim/kernel';

/** Column headers and sheet names of the control export, in the caller's language. */
const LABELS = {
  summarySheet: { kk: 'Жиынтық', ru: 'Сводка', en: 'Summary' },
  overdueSheet: { kk: 'Мерзімі өткен', ru: 'Просроченные', en: 'Overdue' },
  organization: { kk: 'Ұйым', ru: 'Организация', en: 'Organization' },
  total: { kk: 'Барлығы', ru: 'Всего', en: 'Total' },
  done: { kk: 'Орындалды', ru: 'Исполнено', en: 'Done' },
  doneOnTime: { kk: 'Мерзімінде орындалды', ru: 'Исполнено в срок', en: 'Done on time' },
  overdue: { kk: 'Мерзімі өткен', ru: 'Просрочено', en: 'Overdue' },
  dueSoon: { kk: '7 күн ішінде мерзімі бітеді', ru: 'Срок в ближайшие 7 дней', en: 'Due within 7 days' },
  cancelled: { kk: 'Күші жойылды', ru: 'Отменено', en: 'Cancelled' },
  extensions: { kk: 'Мерзім ұзартулары', ru: 'Продления срока', en: 'Extensions' },
  discipline: { kk: 'Орындау тәртібі, %', ru: 'Исполнительская дисциплина, %', en: 'Discipline, %' },
  allOrganizations: { kk: 'Барлығы', ru: 'Итого', en: 'All organizations' },
  taskId: { kk: 'Тапсырма ID', ru: 'ID поручения', en: 'Task ID' },
  title: { kk: 'Тапсырма', ru: 'Поручение', en: 'Task' },
  executor: { kk: 'Орындаушы', ru: 'Исполнитель', en: 'Executor' },
  dueAt: { kk: 'Мерзімі', ru: 'Срок', en: 'Due at' },
  daysOverdue: { kk: 'Кешіккен күндер', ru: 'Дней просрочки', en: 'Days overdue' },
} satisfies Record<string, LocalizedText>;

export type ExportLabel = keyof typeof LABELS;

export const label = (key: ExportLabel, locale: Locale): string => LABELS[key][locale];

export const SUMMARY_COLUMNS = ['organization', 'total', 'done', 'doneOnTime', 'overdue', 'dueSoon', 'cancelled', 'extensions', 'discipline'] as const;
export const OVERDUE_COLUMNS = ['taskId', 'title', 'executor', 'organization', 'dueAt', 'daysOverdue'] as const;
