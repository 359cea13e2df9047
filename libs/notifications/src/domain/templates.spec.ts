import { describe, expect, it } from '@jest/globals';
import { LOCALES, privateDuplicates } from '@kelisim/kernel';
import { NOTIFICATION_TYPES, render, TEMPLATES } from './templates.js';

const dueAt = new Date('2026-03-20T13:00:00Z'); // 18:00 in Almaty (UTC+5)

describe('notification templates', () => {
  it.each(NOTIFICATION_TYPES.flatMap((type) => LOCALES.map((locale) => [type, locale] as const)))(
    'Render_%s_In%s_FillsEveryPlaceholder',
    (type, locale) => {
      const message = render(type, locale, 'Asia/Almaty', { title: 'Түсіндіру жұмысы', dueAt, reason: 'толық емес', decision: 'approved', stage: 'review', version: 2 });
      expect(message.title).toContain('Түсіндіру жұмысы');
      expect(`${message.title} ${message.body}`).not.toMatch(/\{\w+\}/);
    },
  );

  it('Render_ADeadline_InTheRecipientsLanguageAndZone_WithTheKernelsFormatter', () => {
    expect(render('task.reminder', 'kk', 'Asia/Almaty', { title: 'X', dueAt }).body).toBe('«X» тапсырмасының орындалу мерзімі — 2026 ж. 20 наурыз, 18:00 (Алматы).');
    expect(render('task.reminder', 'ru', 'Asia/Almaty', { title: 'X', dueAt }).body).toBe('Срок исполнения поручения «X» — 20 марта 2026 г., 18:00 (Алматы).');
    expect(render('task.reminder', 'en', 'UTC', { title: 'X', dueAt }).body).toBe('“X” is due 20 March 2026, 13:00 (UTC).');
  });

  it('Render_StatusesAndDecisions_InTheGlossarysWords', () => {
    expect(render('memorandum.action_required', 'ru', 'Asia/Almaty', { title: 'M', dueAt, stage: 'in_review' }).body).toBe(
      'Меморандум «M» ждёт вашего решения (этап: На рассмотрении в прокуратуре). Срок: 20 марта 2026 г., 18:00 (Алматы).',
    );
    expect(render('memorandum.stage_overdue', 'kk', 'Asia/Almaty', { title: 'M', dueAt, stage: 'signing' }).body).toContain('«Қол қоюда» кезеңінің');
    expect(render('task.extension_decided', 'ru', 'Asia/Almaty', { title: 'T', dueAt, decision: 'approved' }).body).toBe(
      'Запрос о продлении срока поручения «T»: одобрено. Срок: 20 марта 2026 г., 18:00 (Алматы).',
    );
    expect(render('task.extension_decided', 'en', 'Asia/Almaty', { title: 'T', dueAt, decision: 'rejected' }).body).toContain('“T”: rejected.');
  });

  it('Render_Overdue_InEachLanguage_SaysSo', () => {
    expect(render('task.overdue', 'kk', 'Asia/Almaty', { title: 'X', dueAt }).title).toBe('Мерзімі өтті: X');
    expect(render('task.overdue', 'ru', 'Asia/Almaty', { title: 'X', dueAt }).title).toBe('Просрочено: X');
    expect(render('task.overdue', 'en', 'Asia/Almaty', { title: 'X', dueAt }).title).toBe('Overdue: X');
  });

  it('NoTemplate_RepeatsAGlossaryTerm', () => {
    const texts = Object.fromEntries(
      LOCALES.map((locale) => [locale, Object.fromEntries(Object.entries(TEMPLATES).flatMap(([type, t]) => [[`${type}.title`, t.title[locale]], [`${type}.body`, t.body[locale]]]))]),
    ) as Parameters<typeof privateDuplicates>[0];
    expect(Object.keys(texts.kk)).toHaveLength(NOTIFICATION_TYPES.length * 2);
    expect(privateDuplicates(texts)).toEqual([]);
  });
});
