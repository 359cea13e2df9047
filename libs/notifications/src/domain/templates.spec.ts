import { describe, expect, it } from '@jest/globals';
import { LOCALES } from '@kelisim/kernel';
import { formatInstant, NOTIFICATION_TYPES, render } from './templates.js';

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

  it('FormatInstant_ShowsTheRecipientsLocalTime', () => {
    expect(formatInstant(dueAt, 'ru', 'Asia/Almaty')).toContain('18:00');
    expect(formatInstant(dueAt, 'en', 'UTC')).toContain('13:00');
    expect(formatInstant(dueAt, 'kk', 'Asia/Almaty')).toMatch(/2026/);
  });

  it('Render_Overdue_InEachLanguage_SaysSo', () => {
    expect(render('task.overdue', 'kk', 'Asia/Almaty', { title: 'X', dueAt }).title).toBe('Мерзімі өтті: X');
    expect(render('task.overdue', 'ru', 'Asia/Almaty', { title: 'X', dueAt }).title).toBe('Просрочено: X');
    expect(render('task.overdue', 'en', 'Asia/Almaty', { title: 'X', dueAt }).title).toBe('Overdue: X');
  });
});
